package io.bollard.agent.edge;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void stepsDoubleFromTheInitialDelayUpToTheMaximum() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), new Random(1));
        assertEquals(1_000, b.stepMillis(0));
        assertEquals(2_000, b.stepMillis(1));
        assertEquals(32_000, b.stepMillis(5));
        assertEquals(60_000, b.stepMillis(6));
        assertEquals(60_000, b.stepMillis(1_000), "no overflow however many attempts");
    }

    @Test
    void jitteredDelaysStayWithinHalfTheStepAndTheStep() {
        Backoff b = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), new Random(7));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 10_000; i++) {
            long d = b.delay(i % 8).toMillis();
            long step = b.stepMillis(i % 8);
            assertTrue(d >= step / 2 && d <= step, d + " outside [" + step / 2 + ", " + step + "]");
            assertTrue(d <= 2_000);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min < 110 && max > 1_950, "jitter spreads the delays: " + min + ".." + max);
    }
}
