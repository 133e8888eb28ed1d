package io.bollard.plugins.containers.logs;

import io.bollard.plugin.error.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LogQueryTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void tailIsAllOrANumber() {
        assertNull(query("all").tail());
        assertNull(query(null).tail());
        assertEquals(5, query("5").tail());
        for (String bad : List.of("-1", "five", "1.5")) {
            ApiException e = assertThrows(ApiException.class, () -> query(bad));
            assertEquals(400, e.status().getCode());
        }
    }

    @Test
    void badTimesAreA400() {
        assertEquals(400, assertThrows(ApiException.class,
                () -> LogQuery.parse(null, "noon", null, false, false, true, true, NOW)).status().getCode());
    }

    @Test
    void sinceAfterUntilIsA400() {
        ApiException e = assertThrows(ApiException.class,
                () -> LogQuery.parse(null, "10m", "20m", false, false, true, true, NOW));
        assertEquals("since (10m) is after until (20m)", e.getMessage());
        assertEquals((int) (NOW.getEpochSecond() - 600),
                LogQuery.parse(null, "10m", "10m", false, false, true, true, NOW).since());
    }

    private static LogQuery query(String tail) {
        return LogQuery.parse(tail, null, null, false, false, true, true, NOW);
    }
}
