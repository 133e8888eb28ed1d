package io.bollard.plugin.stream;

import reactor.core.publisher.FluxSink;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Holds a thread that reads from Docker until the subscriber of its {@link FluxSink} wants another item, so that
 * a slow client leaves Docker's data in the socket rather than in the agent's heap. Register {@link #wake()} with
 * {@link FluxSink#onRequest}.
 */
public final class DemandGate {

    /** How often a waiting thread looks again without being woken, in case a wake-up was missed. */
    private static final long RECHECK_NANOS = 100_000_000L;

    private final FluxSink<?> sink;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition demand = lock.newCondition();

    /**
     * @param sink the sink whose demand counts
     */
    public DemandGate(FluxSink<?> sink) {
        this.sink = sink;
    }

    /**
     * Waits until the subscriber wants an item.
     *
     * @param stopped true once the stream was closed (checked while waiting)
     * @return true when an item may be emitted; false when the stream was closed or cancelled meanwhile
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean await(BooleanSupplier stopped) throws InterruptedException {
        lock.lock();
        try {
            while (!stopped.getAsBoolean() && !sink.isCancelled() && sink.requestedFromDownstream() <= 0) {
                demand.awaitNanos(RECHECK_NANOS);
            }
        } finally {
            lock.unlock();
        }
        return !stopped.getAsBoolean() && !sink.isCancelled();
    }

    /** Wakes a waiting thread: more was requested, or the stream is closing. */
    public void wake() {
        lock.lock();
        try {
            demand.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
