package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bollard.testing.DockerScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Start, stop, restart and remove, with their no-op and conflict answers.
 */
class ContainerLifecycleIT {

    private static RunningAgent agent;
    private static DockerScope scope;

    @BeforeAll
    static void start() {
        agent = RunningAgent.start();
        scope = new DockerScope();
    }

    @AfterAll
    static void stop() {
        scope.close();
        agent.close();
    }

    @Test
    void stopStartAndRestart() {
        String id = scope.run(scope.name("cycle"), Map.of(), "sleep", "300");
        JsonNode stopped = RunningAgent.json(agent.post("/agent/docker/containers/" + id + "/stop?timeout=1", null));
        assertEquals("exited", stopped.path("state").asText());
        assertTrue(stopped.path("changed").asBoolean());
        assertEquals("exited", state(id));

        JsonNode again = RunningAgent.json(agent.post("/agent/docker/containers/" + id + "/stop", null));
        assertEquals(200, agent.post("/agent/docker/containers/" + id + "/stop", null).statusCode());
        assertFalse(again.path("changed").asBoolean(), "stopping a stopped container changes nothing");

        JsonNode started = RunningAgent.json(agent.post("/agent/docker/containers/" + scope.name("cycle") + "/start", null));
        assertEquals("running", started.path("state").asText());
        assertEquals(id, started.path("id").asText());
        assertTrue(started.path("changed").asBoolean());
        JsonNode noop = RunningAgent.json(agent.post("/agent/docker/containers/" + id + "/start", null));
        assertFalse(noop.path("changed").asBoolean(), "starting a running container changes nothing");

        String before = scope.docker().inspectContainerCmd(id).exec().getState().getStartedAt();
        JsonNode restarted = RunningAgent.json(agent.post("/agent/docker/containers/" + id + "/restart?timeout=1", null));
        assertEquals("running", restarted.path("state").asText());
        String after = scope.docker().inspectContainerCmd(id).exec().getState().getStartedAt();
        assertFalse(before.equals(after), "restart must start the container anew");
    }

    @Test
    void removingARunningContainerNeedsForce() {
        String id = scope.run(scope.name("busy"), Map.of(), "sleep", "300");
        assertError(agent.delete("/agent/docker/containers/" + id), 409, "conflict");
        assertEquals("running", state(id));
        JsonNode removed = RunningAgent.json(agent.delete("/agent/docker/containers/" + id + "?force=true&volumes=true"));
        assertEquals("removed", removed.path("state").asText());
        assertThrows(com.github.dockerjava.api.exception.NotFoundException.class,
                () -> scope.docker().inspectContainerCmd(id).exec());
    }

    @Test
    void removingAStoppedContainer() {
        String id = scope.create(scope.name("idle"), Map.of(), c -> { }, "true");
        assertEquals(200, agent.delete("/agent/docker/containers/" + id.substring(0, 12)).statusCode());
        assertThrows(com.github.dockerjava.api.exception.NotFoundException.class,
                () -> scope.docker().inspectContainerCmd(id).exec());
    }

    @Test
    void badInputIsA400AndUnknownA404() {
        String id = scope.run(scope.name("input"), Map.of(), "sleep", "300");
        assertError(agent.post("/agent/docker/containers/" + id + "/stop?timeout=-1", null), 400, "bad_request");
        assertError(agent.post("/agent/docker/containers/" + id + "/stop?timeout=abc", null), 400, "bad_request");
        assertError(agent.post("/agent/docker/containers/nope-" + scope.id() + "/start", null), 404, "not_found");
        assertError(agent.delete("/agent/docker/containers/nope-" + scope.id()), 404, "not_found");
        assertEquals("running", state(id));
    }

    @Test
    void startFailureCarriesDockersMessage() {
        String id = scope.create(scope.name("broken"), Map.of(), c -> { }, "/no/such/binary");
        JsonNode error = assertError(agent.post("/agent/docker/containers/" + id + "/start", null), 400, "bad_request");
        assertTrue(error.path("message").asText().contains("no such file"), error.toString());
    }

    private static String state(String id) {
        return scope.docker().inspectContainerCmd(id).exec().getState().getStatus();
    }
}
