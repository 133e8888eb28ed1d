package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks that an answer is the agent's error shape: the status, {@code {"error", "message"}}, no stack trace.
 */
final class ErrorAssertions {

    private ErrorAssertions() {
    }

    static JsonNode assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), () -> "answer was " + response.statusCode() + " " + response.body());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                () -> "content type of " + response.body());
        JsonNode body = RunningAgent.json(response);
        assertEquals(code, body.path("error").asText(), response::body);
        assertFalse(body.path("message").asText().isBlank(), response::body);
        assertFalse(response.body().contains("\tat "), "stack trace in " + response.body());
        assertFalse(response.body().contains("Exception"), "exception name in " + response.body());
        return body;
    }
}
