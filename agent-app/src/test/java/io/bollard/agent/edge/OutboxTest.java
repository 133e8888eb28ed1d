package io.bollard.agent.edge;

import org.junit.jupiter.api.Test;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {

    /** A connection whose sends complete only when the test says the server read them. */
    private static final class UnreadSocket implements WebSocket {
        final List<CompletableFuture<WebSocket>> sends = new ArrayList<>();

        @Override
        public synchronized CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            CompletableFuture<WebSocket> send = new CompletableFuture<>();
            sends.add(send);
            return send;
        }

        synchronized void readOne() {
            sends.remove(0).complete(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void request(long n) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
        }
    }

    @Test
    void whileMoreTextWaitsThanTheLimitTheNextReadWaitsForTheServerToCatchUp() {
        UnreadSocket socket = new UnreadSocket();
        Outbox outbox = new Outbox(socket, Runnable::run, 100);
        AtomicInteger reads = new AtomicInteger();

        outbox.whenNotFull(reads::incrementAndGet);
        assertEquals(1, reads.get(), "not full: the next message is read at once");

        List<CompletionStage<Void>> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(outbox.send("x".repeat(60)));
        }
        assertTrue(outbox.full(), "180 characters wait, over the limit of 100");
        outbox.whenNotFull(reads::incrementAndGet);
        assertEquals(1, reads.get(), "full: nothing more is read while the server does not read");

        socket.readOne();
        assertEquals(1, reads.get(), "120 still wait");
        socket.readOne();
        assertFalse(outbox.full());
        assertEquals(2, reads.get(), "60 wait: reading goes on");
        socket.readOne();
        answers.forEach(a -> assertTrue(a.toCompletableFuture().isDone()));
        assertEquals(0, outbox.waiting());
    }

    @Test
    void aFailedConnectionEmptiesTheOutbox() {
        UnreadSocket socket = new UnreadSocket();
        Outbox outbox = new Outbox(socket, Runnable::run, 100);
        outbox.send("x".repeat(80));
        CompletableFuture<Void> queued = outbox.send("y".repeat(80));
        assertTrue(outbox.full());

        outbox.fail(new IllegalStateException("gone"));

        assertTrue(queued.isCompletedExceptionally());
        assertFalse(outbox.full(), "what failed no longer counts as waiting");
    }
}
