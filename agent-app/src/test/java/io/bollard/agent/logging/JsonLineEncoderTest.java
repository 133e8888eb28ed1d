package io.bollard.agent.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code LOG_JSON=true} lines: one JSON object per line, whatever the message holds. */
class JsonLineEncoderTest {

    @Test
    void oneObjectPerLineWithTheFields() throws Exception {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("io.bollard.Test"), Level.WARN,
                "quote \" backslash \\ newline \n tab \t bell \u0007 {}", new IllegalStateException("boom"),
                new Object[]{"arg"});
        event.setTimeStamp(0);
        event.setMDCPropertyMap(Map.of(RequestIdFilter.MDC_KEY, "req-1"));
        JsonLineEncoder encoder = new JsonLineEncoder();
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);
        assertTrue(line.endsWith("\n"));
        assertFalse(line.substring(0, line.length() - 1).contains("\n"), line);
        JsonNode json = new ObjectMapper().readTree(line);
        assertEquals("1970-01-01T00:00:00Z", json.get("timestamp").asText());
        assertEquals("WARN", json.get("level").asText());
        assertEquals("io.bollard.Test", json.get("logger").asText());
        assertEquals("quote \" backslash \\ newline \n tab \t bell \u0007 arg", json.get("message").asText());
        assertEquals("req-1", json.get("requestId").asText());
        assertTrue(json.get("exception").asText().contains("IllegalStateException: boom"));
    }

    @Test
    void noRequestIdOutsideRequests() throws Exception {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("a"), Level.INFO, "started", null, null);
        event.setMDCPropertyMap(Map.of());
        JsonNode json = new ObjectMapper().readTree(new JsonLineEncoder().encode(event));
        assertFalse(json.has("requestId"));
        assertFalse(json.has("exception"));
        assertEquals("started", json.get("message").asText());
    }
}
