package io.bollard.plugin.stream;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the Docker streams the agent holds open, by kind (logs, stats, events, ...), so that leaks show.
 */
@Singleton
public class ActiveStreams {

    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

    /**
     * Records that a stream of this kind opened.
     *
     * @param kind the kind, such as {@code logs}
     * @return a handle whose {@link Handle#close()} records that it closed; closing twice counts once
     */
    public Handle open(String kind) {
        AtomicInteger counter = open.computeIfAbsent(kind, k -> new AtomicInteger());
        counter.incrementAndGet();
        return new Handle(counter);
    }

    /**
     * Open streams of one kind.
     *
     * @param kind the kind
     * @return how many are open now
     */
    public int count(String kind) {
        AtomicInteger counter = open.get(kind);
        return counter == null ? 0 : counter.get();
    }

    /**
     * Open streams by kind.
     *
     * @return a snapshot, sorted by kind
     */
    public Map<String, Integer> snapshot() {
        Map<String, Integer> out = new TreeMap<>();
        open.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** One open stream; closing it is idempotent. */
    public static final class Handle implements AutoCloseable {
        private final AtomicInteger counter;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Handle(AtomicInteger counter) {
            this.counter = counter;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                counter.decrementAndGet();
            }
        }
    }
}
