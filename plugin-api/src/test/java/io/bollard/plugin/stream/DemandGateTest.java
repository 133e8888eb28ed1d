package io.bollard.plugin.stream;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemandGateTest {

    /** A subscriber that asks for nothing until told to. */
    private static final class Manual extends BaseSubscriber<Integer> {
        final List<Integer> seen = new CopyOnWriteArrayList<>();

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // No request yet.
        }

        @Override
        protected void hookOnNext(Integer value) {
            seen.add(value);
        }
    }

    private final Manual subscriber = new Manual();
    private final AtomicReference<FluxSink<Integer>> sink = new AtomicReference<>();
    private final AtomicReference<DemandGate> gate = new AtomicReference<>();

    private void subscribe() {
        Flux.<Integer>create(s -> {
            sink.set(s);
            gate.set(new DemandGate(s));
            s.onRequest(n -> gate.get().wake());
        }, FluxSink.OverflowStrategy.BUFFER).subscribe(subscriber);
    }

    private CompletableFuture<Boolean> awaitAsync(BooleanSupplier stopped) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return gate.get().await(stopped);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void holdsTheProducerUntilTheSubscriberAsks() throws Exception {
        subscribe();
        CompletableFuture<Boolean> allowed = awaitAsync(() -> false);
        assertThrows(TimeoutException.class, () -> allowed.get(300, TimeUnit.MILLISECONDS),
                "no demand: the producer waits");
        subscriber.request(1);
        assertTrue(allowed.get(5, TimeUnit.SECONDS));
        sink.get().next(7);
        assertEquals(List.of(7), subscriber.seen);
    }

    @Test
    void letsTheProducerGoWhenTheStreamCloses() throws Exception {
        subscribe();
        AtomicBoolean closed = new AtomicBoolean();
        CompletableFuture<Boolean> allowed = awaitAsync(closed::get);
        Thread.sleep(100);
        closed.set(true);
        gate.get().wake();
        assertFalse(allowed.get(5, TimeUnit.SECONDS), "closed: nothing more may be sent");
    }

    @Test
    void aCancelledSubscriberEndsTheWait() throws Exception {
        subscribe();
        CompletableFuture<Boolean> allowed = awaitAsync(() -> false);
        subscriber.cancel();
        assertFalse(allowed.get(5, TimeUnit.SECONDS));
    }
}
