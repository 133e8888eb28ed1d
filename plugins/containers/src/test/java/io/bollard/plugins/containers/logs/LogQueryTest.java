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
    void parsesEveryTimeForm() {
        assertEquals(1000, LogQuery.parseTime("since", "1000", NOW));
        assertEquals((int) NOW.minusSeconds(600).getEpochSecond(), LogQuery.parseTime("since", "10m", NOW));
        assertEquals((int) NOW.minusSeconds(7200).getEpochSecond(), LogQuery.parseTime("since", "2h", NOW));
        assertEquals((int) Instant.parse("2026-11-01T00:00:00Z").getEpochSecond(),
                LogQuery.parseTime("since", "2026-11-01T00:00:00Z", NOW));
        assertNull(LogQuery.parseTime("since", " ", NOW));
    }

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
    void badTimesAreA400NamingTheParameter() {
        ApiException e = assertThrows(ApiException.class, () -> LogQuery.parseTime("until", "noon", NOW));
        assertEquals(400, e.status().getCode());
        assertEquals(true, e.getMessage().startsWith("until "));
        assertThrows(ApiException.class, () -> LogQuery.parseTime("since", "99999999999999", NOW));
    }

    private static LogQuery query(String tail) {
        return LogQuery.parse(tail, null, null, false, false, true, true, NOW);
    }
}
