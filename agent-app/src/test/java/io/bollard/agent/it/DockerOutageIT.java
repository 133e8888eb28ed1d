package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bollard.testing.DockerScope;
import io.bollard.testing.PrivateDockerd;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Docker stops and comes back: the agent answers 503 while it is away, stays up, and works again without a
 * restart. Uses a dockerd of the test's own, so the engine everything else uses is not touched.
 */
class DockerOutageIT {

    @Test
    void agentSurvivesDockerRestart() throws Exception {
        Assumptions.assumeTrue(PrivateDockerd.possible(), "needs root and dockerd to run a private daemon");
        try (PrivateDockerd dockerd = PrivateDockerd.start();
             RunningAgent agent = RunningAgent.start(Map.of("DOCKER_HOST", dockerd.host()))) {
            assertEquals(200, ping(agent).statusCode());
            assertEquals(200, agent.get("/agent/docker/containers").statusCode());

            // A hung engine takes the connection and never answers: ping waited 5 minutes (an outside audit's
            // find), and the image's health check blamed the agent.
            dockerd.freeze();
            try {
                long asked = System.nanoTime();
                HttpResponse<String> hung = ping(agent);
                assertEquals(503, hung.statusCode(), hung.body());
                assertTrue(RunningAgent.json(hung).path("message").asText().contains("did not answer"), hung.body());
                assertTrue(Duration.ofNanos(System.nanoTime() - asked).toSeconds() < 10, "answered in time");
            } finally {
                dockerd.thaw();
            }
            assertEquals(200, ping(agent).statusCode());

            dockerd.stop();
            HttpResponse<String> down = ping(agent);
            assertEquals(503, down.statusCode());
            assertEquals("error", RunningAgent.json(down).path("status").asText());
            assertError(agent.get("/agent/docker/containers"), 503, "docker_unavailable");
            assertError(agent.get("/agent/docker/containers/anything"), 503, "docker_unavailable");
            JsonNode info = RunningAgent.json(agent.get("/agent/info"));
            assertFalse(info.path("docker_reachable").asBoolean());

            dockerd.startAgain();
            // Docker answers again: the agent's very next call works, though its pooled connections died.
            assertEquals(200, agent.get("/agent/docker/containers?all=true").statusCode());
            assertEquals(200, ping(agent).statusCode());
        }
        // The engine everything else uses was not touched: it still starts containers on its bridge network.
        try (DockerScope scope = new DockerScope()) {
            String id = scope.run(scope.name("after-outage"), Map.of(), "true");
            scope.awaitState(id, "exited", Duration.ofSeconds(20));
            assertEquals(0L, scope.docker().inspectContainerCmd(id).exec().getState().getExitCodeLong());
        }
    }

    private static HttpResponse<String> ping(RunningAgent agent) {
        return agent.send(HttpRequest.newBuilder(agent.uri("/agent/ping")).build());
    }
}
