package io.bollard.plugin.docker;

import io.bollard.plugin.error.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeParameterTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void parsesEveryTimeForm() {
        assertEquals(1000, TimeParameter.epochSeconds("since", "1000", NOW));
        // Docker's seconds.nanoseconds, cut to the second.
        assertEquals(1000, TimeParameter.epochSeconds("since", "1000.5", NOW));
        assertEquals(1700000000, TimeParameter.epochSeconds("since", "1700000000.123456789", NOW));
        assertEquals((int) NOW.minusSeconds(600).getEpochSecond(), TimeParameter.epochSeconds("since", "10m", NOW));
        assertEquals((int) NOW.minusSeconds(7200).getEpochSecond(), TimeParameter.epochSeconds("since", "2h", NOW));
        assertEquals((int) Instant.parse("2026-11-01T00:00:00Z").getEpochSecond(),
                TimeParameter.epochSeconds("since", "2026-11-01T00:00:00Z", NOW));
        assertNull(TimeParameter.epochSeconds("since", " ", NOW));
    }

    @Test
    void badTimesAreA400NamingTheParameter() {
        ApiException e = assertThrows(ApiException.class, () -> TimeParameter.epochSeconds("until", "noon", NOW));
        assertEquals(400, e.status().getCode());
        assertTrue(e.getMessage().startsWith("until "));
        assertThrows(ApiException.class, () -> TimeParameter.epochSeconds("since", "99999999999999", NOW));
        assertThrows(ApiException.class, () -> TimeParameter.epochSeconds("since", "1000.", NOW));
        assertThrows(ApiException.class, () -> TimeParameter.epochSeconds("since", "1000.1234567890", NOW));
    }
}
