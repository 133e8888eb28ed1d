package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bollard.testing.DockerScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /agent/docker/containers} and {@code GET /agent/docker/containers/{id}}.
 */
class ContainerQueryIT {

    private static RunningAgent agent;
    private static DockerScope scope;
    private static String runningId;
    private static String stoppedId;

    @BeforeAll
    static void start() {
        agent = RunningAgent.start();
        scope = new DockerScope();
        runningId = scope.run(scope.name("web"), Map.of("tier", "front"), c -> c
                .withEnv("GREETING=hello")
                .withExposedPorts(com.github.dockerjava.api.model.ExposedPort.tcp(80))
                .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig()
                        .withRestartPolicy(com.github.dockerjava.api.model.RestartPolicy.unlessStoppedRestart())
                        .withMemory(64L * 1024 * 1024)
                        .withNanoCPUs(500_000_000L)
                        .withPortBindings(com.github.dockerjava.api.model.PortBinding.parse("127.0.0.1::80"))),
                "sleep", "300");
        stoppedId = scope.create(scope.name("batch"), Map.of("tier", "back"), c -> { }, "true");
    }

    @AfterAll
    static void stop() {
        scope.close();
        agent.close();
    }

    @Test
    void listShowsRunningContainersWithTheirFields() {
        JsonNode list = RunningAgent.json(agent.get("/agent/docker/containers"));
        JsonNode web = find(list, runningId);
        assertEquals(scope.name("web"), web.path("name").asText());
        assertEquals("running", web.path("state").asText());
        assertTrue(web.path("status").asText().startsWith("Up"), web.toString());
        assertEquals("bollard-test/busybox:latest", web.path("image").asText());
        assertEquals("unless-stopped", web.path("restart_policy").asText());
        assertEquals("front", web.path("labels").path("tier").asText());
        assertEquals("bridge", web.path("networks").get(0).path("name").asText());
        assertFalse(web.path("created").asText().isEmpty());
        JsonNode port = web.path("ports").get(0);
        assertEquals(80, port.path("private_port").asInt());
        assertTrue(port.path("public_port").asInt() > 0, web.toString());
        assertEquals("tcp", port.path("type").asText());
        assertEquals(null, findOrNull(list, stoppedId), "stopped container listed without all=true");
    }

    @Test
    void listWithAllShowsStoppedContainers() {
        JsonNode list = RunningAgent.json(agent.get("/agent/docker/containers?all=true"));
        assertEquals("created", find(list, stoppedId).path("state").asText());
        assertEquals("no", find(list, stoppedId).path("restart_policy").asText());
    }

    @Test
    void concurrentListsAllAnswerAndAListMadeAfterACreateShowsTheNewContainer() throws Exception {
        String ours = "/agent/docker/containers?all=true&label=" + DockerScope.LABEL + "=" + scope.id();
        String lateId;
        List<JsonNode> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<JsonNode>> lists = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                lists.add(pool.submit(() -> RunningAgent.json(agent.get(ours))));
            }
            // Lists sharing one Docker call must not answer a caller with a call that began before it asked.
            lateId = scope.create(scope.name("late"), Map.of(), c -> { }, "true");
            Future<JsonNode> after = pool.submit(() -> RunningAgent.json(agent.get(ours)));
            for (Future<JsonNode> f : lists) {
                answers.add(f.get(30, TimeUnit.SECONDS));
            }
            find(after.get(30, TimeUnit.SECONDS), lateId);
        }
        for (JsonNode list : answers) {
            find(list, runningId);
            find(list, stoppedId);
        }
        scope.docker().removeContainerCmd(lateId).withForce(true).exec();
    }

    @Test
    void callerFiltersNarrowTheList() {
        String filters = URLEncoder.encode("{\"label\":[\"" + DockerScope.LABEL + "=" + scope.id() + "\",\"tier=back\"]}",
                StandardCharsets.UTF_8);
        JsonNode list = RunningAgent.json(agent.get("/agent/docker/containers?all=true&filters=" + filters));
        assertEquals(List.of(stoppedId), ids(list));
        JsonNode byLabel = RunningAgent.json(agent.get("/agent/docker/containers?all=true&label="
                + DockerScope.LABEL + "=" + scope.id() + "&label=tier=front"));
        assertEquals(List.of(runningId), ids(byLabel));
    }

    @Test
    void booleansAsDockerTakesThemAndNothingElse() {
        // Docker's API reads 1 as true; servers mirror it. Every spelling lists the stopped container.
        for (String yes : List.of("1", "true", "True", "yes", "on")) {
            find(RunningAgent.json(agent.get("/agent/docker/containers?all=" + yes)), stoppedId);
        }
        for (String no : List.of("0", "false", "no", "off")) {
            assertEquals(null, findOrNull(RunningAgent.json(agent.get("/agent/docker/containers?all=" + no)),
                    stoppedId), "all=" + no);
        }
        JsonNode error = assertError(agent.get("/agent/docker/containers?all=maybe"), 400, "bad_request");
        assertTrue(error.path("message").asText().contains("[all]")
                && error.path("message").asText().contains("expected true or false"), error.toString());
    }

    @Test
    void badFiltersAreA400() {
        assertError(agent.get("/agent/docker/containers?filters=%7Bnot-json"), 400, "bad_request");
        assertError(agent.get("/agent/docker/containers?filters=%7B%22bogus%22%3A%5B%22x%22%5D%7D"), 400,
                "bad_request");
    }

    @Test
    void inspectByIdPrefixAndName() {
        for (String ref : List.of(runningId, runningId.substring(0, 12), scope.name("web"))) {
            JsonNode c = RunningAgent.json(agent.get("/agent/docker/containers/" + ref));
            assertEquals(runningId, c.path("id").asText(), ref);
            assertEquals(scope.name("web"), c.path("name").asText());
            assertEquals("running", c.path("state").asText());
            assertTrue(list(c.path("env")).contains("GREETING=hello"), c.path("env").toString());
            assertEquals(64L * 1024 * 1024, c.path("memory_limit").asLong());
            assertEquals(500_000_000L, c.path("nano_cpus").asLong());
            assertEquals("unless-stopped", c.path("restart_policy").asText());
            assertEquals("default", c.path("network_mode").asText().replace("bridge", "default"));
            assertEquals(runningId, c.path("raw").path("Id").asText(), "raw inspect: " + c.path("raw"));
            assertEquals("sleep", c.path("raw").path("Config").path("Cmd").get(0).asText());
        }
    }

    @Test
    void unknownContainerIsA404() {
        assertError(agent.get("/agent/docker/containers/does-not-exist-" + scope.id()), 404, "not_found");
        assertError(agent.get("/agent/docker/containers/ffffffffffff0000"), 404, "not_found");
    }

    @Test
    void mountsAreShown() {
        String id = scope.run(scope.name("vol"), Map.of(), c -> c.withVolumes(
                new com.github.dockerjava.api.model.Volume("/data")), "sleep", "300");
        scope.awaitState(id, "running", Duration.ofSeconds(10));
        JsonNode c = RunningAgent.json(agent.get("/agent/docker/containers/" + id));
        JsonNode mount = c.path("mounts").get(0);
        assertEquals("volume", mount.path("type").asText());
        assertEquals("/data", mount.path("destination").asText());
        assertFalse(mount.path("read_only").asBoolean());
        assertFalse(mount.path("name").asText().isEmpty());
    }

    @Test
    void detailsShowTheListsStatus() {
        JsonNode created = RunningAgent.json(agent.get("/agent/docker/containers/" + stoppedId));
        assertEquals(find(RunningAgent.json(agent.get("/agent/docker/containers?all=true")), stoppedId)
                .path("status").asText(), created.path("status").asText());
        assertEquals("Created", created.path("status").asText());
        JsonNode running = RunningAgent.json(agent.get("/agent/docker/containers/" + runningId));
        assertTrue(running.path("status").asText().startsWith("Up "), running.path("status").asText());
        assertEquals("running", running.path("state").asText());
    }

    @Test
    void tmpfsMountsAreTmpfsAndRawHoldsDockersFieldsOnly() {
        String id = scope.run(scope.name("tmpfs"), Map.of(), c -> c.withHostConfig(
                com.github.dockerjava.api.model.HostConfig.newHostConfig().withMounts(List.of(
                        new com.github.dockerjava.api.model.Mount()
                                .withType(com.github.dockerjava.api.model.MountType.TMPFS).withTarget("/scratch")))),
                "sleep", "300");
        scope.awaitState(id, "running", Duration.ofSeconds(10));
        JsonNode c = RunningAgent.json(agent.get("/agent/docker/containers/" + id));
        assertEquals("tmpfs", c.path("mounts").get(0).path("type").asText(), c.path("mounts").toString());
        assertEquals("/scratch", c.path("mounts").get(0).path("destination").asText());
        // Docker's names only: docker-java's getters (exitCodeLong, pidLong, oomkilled) are not Docker's fields.
        JsonNode state = c.path("raw").path("State");
        assertTrue(state.has("ExitCode") && state.has("Pid") && state.has("OOMKilled"), state.toString());
        assertFalse(state.has("exitCodeLong") || state.has("pidLong") || state.has("oomkilled"), state.toString());
        assertEquals("tmpfs", c.path("raw").path("Mounts").get(0).path("Type").asText());
    }

    static JsonNode find(JsonNode list, String id) {
        JsonNode found = findOrNull(list, id);
        if (found == null) {
            throw new AssertionError(id + " not in " + list);
        }
        return found;
    }

    static JsonNode findOrNull(JsonNode list, String id) {
        for (JsonNode c : list) {
            if (id.equals(c.path("id").asText())) {
                return c;
            }
        }
        return null;
    }

    static List<String> ids(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(c -> out.add(c.path("id").asText()));
        return out;
    }

    static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
