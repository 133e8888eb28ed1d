package io.bollard.agent.edge;

import java.net.http.WebSocket;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends envelopes on one WebSocket one after another (the JDK's WebSocket takes one send at a time), in the order
 * they were given. Each send's future completes when the envelope left; streams send their next chunk only then, so
 * the queue holds at most one chunk per stream and streams take turns. Whole answers have no such turn: while more
 * than {@link #full() a limit} of text waits (a server that does not read), the session takes no new requests, so
 * what waits stays bounded. When the connection ends, every envelope still waiting fails: nothing meant for one
 * connection is sent on another.
 */
final class Outbox {

    private final WebSocket socket;
    private final Executor executor;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final long fullAbove;
    private final AtomicLong waitingChars = new AtomicLong();
    private final AtomicReference<Runnable> whenNotFull = new AtomicReference<>();
    private volatile Throwable failure;

    private record Pending(String text, CompletableFuture<Void> sent) {
    }

    /**
     * @param socket    the connection
     * @param executor  runs send completions
     * @param fullAbove characters waiting beyond which the outbox is {@link #full()}
     */
    Outbox(WebSocket socket, Executor executor, long fullAbove) {
        this.socket = socket;
        this.executor = executor;
        this.fullAbove = fullAbove;
    }

    /**
     * Queues an envelope.
     *
     * @param text the envelope
     * @return completes when it was sent; fails when the connection ended first
     */
    CompletableFuture<Void> send(String text) {
        Pending p = new Pending(text, new CompletableFuture<>());
        Throwable failed = failure;
        if (failed != null) {
            p.sent().completeExceptionally(failed);
            return p.sent();
        }
        waitingChars.addAndGet(p.text().length());
        queue.add(p);
        if (failure != null) {
            drainFailed();
        } else {
            pump();
        }
        return p.sent();
    }

    /** @return envelopes waiting to be sent */
    int waiting() {
        return queue.size();
    }

    /** @return whether more text waits than the limit: the session should take no new requests now */
    boolean full() {
        return waitingChars.get() > fullAbove;
    }

    /**
     * Runs an action once the outbox is no longer full (at once when it is not); one action at a time.
     *
     * @param action what to do then, such as reading the next message
     */
    void whenNotFull(Runnable action) {
        whenNotFull.set(action);
        if (!full()) {
            runWhenNotFull();
        }
    }

    private void runWhenNotFull() {
        Runnable action = whenNotFull.getAndSet(null);
        if (action != null) {
            action.run();
        }
    }

    /**
     * Ends this outbox: every waiting envelope fails with the cause.
     *
     * @param cause why the connection ended
     */
    void fail(Throwable cause) {
        failure = cause;
        drainFailed();
    }

    private void drainFailed() {
        Pending p;
        while ((p = queue.poll()) != null) {
            waitingChars.addAndGet(-p.text().length());
            p.sent().completeExceptionally(failure);
        }
    }

    private void pump() {
        while (sending.compareAndSet(false, true)) {
            Pending p = queue.poll();
            if (p == null) {
                sending.set(false);
                if (queue.isEmpty()) {
                    return;
                }
                continue;
            }
            if (failure != null) {
                waitingChars.addAndGet(-p.text().length());
                p.sent().completeExceptionally(failure);
                sending.set(false);
                drainFailed();
                return;
            }
            CompletableFuture<WebSocket> sent;
            try {
                sent = socket.sendText(p.text(), true);
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            // Asynchronously, so a send that completes at once does not recurse through the whole queue.
            sent.whenCompleteAsync((ws, error) -> {
                waitingChars.addAndGet(-p.text().length());
                if (error != null) {
                    p.sent().completeExceptionally(error);
                    fail(error);
                } else {
                    p.sent().complete(null);
                    if (!full()) {
                        runWhenNotFull();
                    }
                }
                sending.set(false);
                pump();
            }, executor);
            return;
        }
    }
}
