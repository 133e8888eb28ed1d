package io.bollard.plugins.containers.logs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogEncodingTest {

    private final List<LogLine> lines = List.of(new LogLine("stdout", "2026-11-23T00:00:00Z", "say \"hi\"\t✓"),
            new LogLine("stderr", null, "oops"));

    @Test
    void textWithAndWithoutTimestamps() {
        assertEquals("say \"hi\"\t✓\noops\n", new String(LogEncoding.TEXT.encode(lines, false), StandardCharsets.UTF_8));
        assertEquals("2026-11-23T00:00:00Z say \"hi\"\t✓\noops\n",
                new String(LogEncoding.TEXT.encode(lines, true), StandardCharsets.UTF_8));
    }

    @Test
    void ndjsonEscapesText() {
        assertEquals("{\"stream\":\"stdout\",\"time\":\"2026-11-23T00:00:00Z\",\"line\":\"say \\\"hi\\\"\\t✓\"}\n"
                        + "{\"stream\":\"stderr\",\"time\":null,\"line\":\"oops\"}\n",
                new String(LogEncoding.NDJSON.encode(lines, false), StandardCharsets.UTF_8));
    }
}
