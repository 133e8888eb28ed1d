package io.bollard.agent.it;

import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Repeated failed authentication from one address is answered 429 with Retry-After for a while; good requests
 * are not counted, and ping stays open.
 */
class RateLimitIT {

    @Test
    void failuresBlockTheAddressForAWhile() throws Exception {
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_AUTH_MAX_FAILURES", "5",
                "AGENT_AUTH_BLOCK_SECONDS", "2"))) {
            for (int i = 0; i < 50; i++) {
                assertEquals(200, agent.get("/agent/info").statusCode(), "good requests are never counted");
            }
            for (int i = 0; i < 4; i++) {
                assertError(bad(agent), 401, "unauthorized");
            }
            assertEquals(200, agent.get("/agent/info").statusCode(), "below the limit nothing changes");
            assertError(bad(agent), 401, "unauthorized");
            HttpResponse<String> limited = bad(agent);
            assertError(limited, 429, "too_many_requests");
            long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 3, "Retry-After " + retryAfter);
            assertError(agent.send(HttpRequest.newBuilder(agent.uri("/agent/info")).build()), 429,
                    "too_many_requests");
            assertEquals(200, agent.get("/agent/info").statusCode(), "a valid token is not slowed by the block");
            assertEquals(200, agent.send(HttpRequest.newBuilder(agent.uri("/agent/ping")).build()).statusCode());

            Thread.sleep(retryAfter * 1000 + 200);
            assertEquals(200, agent.get("/agent/info").statusCode(), "let in again after the block");
        }
    }

    private static HttpResponse<String> bad(RunningAgent agent) {
        return agent.send(agent.authedWith("/agent/info", "not-a-token").build());
    }
}
