package io.bollard.agent.edge;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from the initial delay up to the longest, with "equal jitter" (each delay is
 * uniformly between half its step and the whole step), so that many agents cut off at once do not all come back
 * in the same instant, and no delay exceeds the longest.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    /**
     * @param initial the first step
     * @param max     the longest step
     * @param random  where jitter comes from
     */
    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /**
     * The step of one attempt, before jitter: initial times 2^attempt, at most the longest.
     *
     * @param attempt 0 for the first reconnect after a connection ended
     * @return milliseconds
     */
    long stepMillis(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 62);
        long step = initialMillis;
        for (int i = 0; i < shift && step < maxMillis; i++) {
            step *= 2;
        }
        return Math.min(step, maxMillis);
    }

    /**
     * How long to wait before an attempt.
     *
     * @param attempt 0 for the first reconnect after a connection ended
     * @return a delay between half the step and the step
     */
    Duration delay(int attempt) {
        long step = stepMillis(attempt);
        long half = step / 2;
        return Duration.ofMillis(half + random.nextLong(step - half + 1));
    }
}
