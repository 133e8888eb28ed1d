package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Volume;
import io.bollard.testing.DockerScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code PUT /agent/docker/containers/{id}}: the container is recreated with the edits and everything else kept;
 * a failed edit leaves the old container exactly as it was.
 */
class ContainerEditIT {

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
    void editRecreatesWithChangesAndKeepsTheRest() {
        String name = scope.name("app");
        // Writes into an anonymous volume at start, so we can see that its data survives the edit.
        String oldId = scope.run(name, Map.of("keep", "me"), c -> c
                        .withEnv("A=1", "B=2")
                        .withVolumes(new Volume("/state"))
                        .withWorkingDir("/tmp")
                        .withStopSignal("SIGINT")
                        .withStopTimeout(33)
                        .withHostConfig(HostConfig.newHostConfig().withDns("9.9.9.9")),
                "sh", "-c", "test -f /state/first || date > /state/first; sleep 600");
        scope.awaitState(oldId, "running", Duration.ofSeconds(10));
        String firstRun = exec(oldId, "cat", "/state/first");

        // Labels are replaced whole: the scope label stays, so clean-up finds the new container.
        JsonNode result = RunningAgent.json(agent.put("/agent/docker/containers/" + name, """
                {"env": ["A=10", "C=3"], "labels": {"keep": "me", "added": "yes", "%s": "%s"},
                 "restart_policy": "on-failure:3", "memory_limit": 67108864, "cpu_limit": 0.5}
                """.formatted(DockerScope.LABEL, scope.id())));
        String newId = result.path("id").asText();
        assertNotEquals(oldId, newId);
        assertEquals(oldId, result.path("previous_id").asText());
        assertEquals(name, result.path("name").asText());
        assertEquals("running", result.path("state").asText());

        InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
        assertEquals(newId, now.getId());
        List<String> env = Arrays.asList(now.getConfig().getEnv());
        assertTrue(env.containsAll(List.of("A=10", "C=3")), env.toString());
        assertTrue(env.stream().noneMatch(e -> e.startsWith("B=")), env.toString());
        assertEquals("yes", now.getConfig().getLabels().get("added"));
        assertEquals("on-failure", now.getHostConfig().getRestartPolicy().getName());
        assertEquals(3, now.getHostConfig().getRestartPolicy().getMaximumRetryCount());
        assertEquals(67108864L, now.getHostConfig().getMemory());
        assertEquals(500_000_000L, now.getHostConfig().getNanoCPUs());
        // Kept: command, working dir, DNS, and the anonymous volume's data.
        assertEquals("sh", now.getConfig().getCmd()[0]);
        assertEquals("/tmp", now.getConfig().getWorkingDir());
        assertEquals(List.of("9.9.9.9"), Arrays.asList(now.getHostConfig().getDns()));
        // docker run's --stop-signal and --stop-timeout, which docker-java's model does not know; raw is
        // Docker's whole inspect document, those fields included.
        JsonNode raw = RunningAgent.json(agent.get("/agent/docker/containers/" + name)).path("raw");
        assertEquals(newId, raw.path("Id").asText());
        assertEquals("SIGINT", raw.path("Config").path("StopSignal").asText(), raw.path("Config").toString());
        assertEquals(33, raw.path("Config").path("StopTimeout").asInt(), raw.path("Config").toString());
        assertTrue(raw.path("HostConfig").path("MaskedPaths").isArray(), raw.path("HostConfig").toString());
        assertEquals(firstRun, exec(newId, "cat", "/state/first"), "anonymous volume data kept");
        assertGone(oldId);
    }

    @Test
    void anEditKeepsTheImageTheContainerRunsAndAnUpgradeTakesTheNewImagesDefaults() {
        String repository = "bollard-test/edit-image-" + scope.id();
        String v1 = commitWithEnv(repository, "v1", "VERSION=1");
        String v2 = commitWithEnv(repository, "v2", "VERSION=2");
        try {
            scope.docker().tagImageCmd(v1, repository, "moving").exec();
            String name = scope.name("tagged");
            String oldId = scope.run(name, Map.of(), c -> c.withImage(repository + ":moving").withEnv("OWN=yes"),
                    "sleep", "600");
            // A pull moves the tag, as a newer version arrives: an edit that does not ask for it changes nothing.
            scope.docker().tagImageCmd(v2, repository, "moving").withForce(true).exec();
            JsonNode kept = RunningAgent.json(agent.put("/agent/docker/containers/" + name,
                    "{\"restart_policy\": \"no\"}"));
            InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
            assertEquals(v1, now.getImageId(), "the image the container ran");
            assertEquals(v1, now.getConfig().getImage(), "named by its id, which still means it");
            assertTrue(Arrays.asList(now.getConfig().getEnv()).contains("VERSION=1"));
            assertEquals(oldId, kept.path("previous_id").asText());

            // Asked for by name, the tag's new image comes with its own defaults, not the old image's.
            agent.put("/agent/docker/containers/" + name, "{\"image\": \"" + repository + ":moving\"}");
            now = scope.docker().inspectContainerCmd(name).exec();
            assertEquals(v2, now.getImageId());
            assertEquals(repository + ":moving", now.getConfig().getImage());
            List<String> env = Arrays.asList(now.getConfig().getEnv());
            assertTrue(env.contains("VERSION=2") && !env.contains("VERSION=1") && env.contains("OWN=yes"),
                    env.toString());

            // The tag removed while the image stays (another tag names it): the edit still works, on that image.
            scope.docker().removeImageCmd(repository + ":moving").exec();
            JsonNode untagged = RunningAgent.json(agent.put("/agent/docker/containers/" + name,
                    "{\"cmd\": [\"sleep\", \"601\"]}"));
            assertEquals("running", untagged.path("state").asText());
            now = scope.docker().inspectContainerCmd(name).exec();
            assertEquals(v2, now.getImageId());
            assertEquals(List.of("sleep", "601"), Arrays.asList(now.getConfig().getCmd()));
        } finally {
            removeContainer(scope.name("tagged"));
            removeImages(repository, "v1", "v2", "moving");
        }
    }

    @Test
    void anUpgradeFromAnImageNoLongerOnTheHostSaysItsDefaultsWereKept() {
        String repository = "bollard-test/edit-gone-" + scope.id();
        String v1 = commitWithEnv(repository, "v1", "VERSION=1");
        String v2 = commitWithEnv(repository, "v2", "VERSION=2");
        String name = scope.name("orphan");
        try {
            scope.create(name, Map.of(), c -> c.withImage(repository + ":v1").withEnv("OWN=yes"), "sleep", "600");
            // docker rmi -f takes an image a stopped container still uses.
            scope.docker().removeImageCmd(v1).withForce(true).exec();
            assertThrows(com.github.dockerjava.api.exception.NotFoundException.class,
                    () -> scope.docker().inspectImageCmd(v1).exec());

            JsonNode answer = RunningAgent.json(agent.put("/agent/docker/containers/" + name,
                    "{\"image\": \"" + repository + ":v2\"}"));
            InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
            assertEquals(v2, now.getImageId());
            List<String> env = Arrays.asList(now.getConfig().getEnv());
            assertTrue(env.contains("VERSION=1") && env.contains("OWN=yes"), env.toString());
            assertEquals(1, answer.path("warnings").size(), answer.toString());
            String warning = answer.path("warnings").get(0).asText();
            assertTrue(warning.contains(v1) && warning.contains("environment"), warning);

            // With the image there, the answer has nothing to warn about.
            JsonNode plain = RunningAgent.json(agent.put("/agent/docker/containers/" + name,
                    "{\"restart_policy\": \"no\"}"));
            assertTrue(plain.path("warnings").isArray() && plain.path("warnings").isEmpty(), plain.toString());
        } finally {
            removeContainer(name);
            removeImages(repository, "v1", "v2");
        }
    }

    @Test
    void aTagMovedOrRemovedWhileTheContainerStopsChangesNothing() throws Exception {
        String repository = "bollard-test/edit-race-" + scope.id();
        String v1 = commitWithEnv(repository, "v1", "VERSION=1");
        String v2 = commitWithEnv(repository, "v2", "VERSION=2");
        String name = scope.name("race");
        try {
            for (boolean removed : new boolean[] {false, true}) {
                scope.docker().tagImageCmd(v1, repository, "race").withForce(true).exec();
                if (removed) {
                    scope.docker().removeContainerCmd(name).withForce(true).exec();
                }
                // The shell ignores SIGTERM: the stop takes the whole 3 s timeout, and the tag changes meanwhile.
                scope.run(name, Map.of(), c -> c.withImage(repository + ":race").withStopTimeout(3),
                        "sh", "-c", "trap '' TERM; while true; do sleep 1; done");
                CompletableFuture<java.net.http.HttpResponse<String>> edit = CompletableFuture.supplyAsync(() ->
                        agent.put("/agent/docker/containers/" + name, "{\"restart_policy\": \"no\"}"));
                Thread.sleep(1000);
                if (removed) {
                    scope.docker().removeImageCmd(repository + ":race").exec();
                } else {
                    scope.docker().tagImageCmd(v2, repository, "race").withForce(true).exec();
                }
                java.net.http.HttpResponse<String> answer = edit.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(200, answer.statusCode(), answer.body());
                InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
                assertEquals(v1, now.getImageId(), "tag " + (removed ? "removed" : "moved") + " during the stop");
                List<String> env = Arrays.asList(now.getConfig().getEnv());
                assertTrue(env.contains("VERSION=1") && !env.contains("VERSION=2"), env.toString());
            }
        } finally {
            removeContainer(name);
            removeImages(repository, "v1", "v2", "race");
        }
    }

    @Test
    void aNewImageBringsItsOwnHealthCheckAndExposedPorts() {
        String repository = "bollard-test/edit-health-" + scope.id();
        String v1 = commit(repository, "v1", c -> c
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD", "true")).withInterval(30_000_000_000L))
                .withExposedPorts(ExposedPort.tcp(8081), ExposedPort.tcp(8082)));
        String v3 = commit(repository, "v3", c -> c
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD-SHELL", "exit 0")).withInterval(5_000_000_000L)));
        String name = scope.name("health");
        try {
            // The container publishes 8082 itself: that port stays exposed; 8081 was only the image's.
            scope.run(name, Map.of(), c -> c.withImage(repository + ":v1").withExposedPorts(ExposedPort.tcp(8082))
                    .withHostConfig(HostConfig.newHostConfig().withPortBindings(
                            com.github.dockerjava.api.model.PortBinding.parse("127.0.0.1::8082"))),
                    "sleep", "600");
            agent.put("/agent/docker/containers/" + name, "{\"image\": \"" + repository + ":v3\"}");
            InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
            assertEquals(v3, now.getImageId());
            assertEquals(List.of("CMD-SHELL", "exit 0"), now.getConfig().getHealthcheck().getTest());
            assertEquals(5_000_000_000L, now.getConfig().getHealthcheck().getInterval());
            List<ExposedPort> exposed = Arrays.asList(now.getConfig().getExposedPorts());
            assertTrue(exposed.contains(ExposedPort.tcp(8082)) && !exposed.contains(ExposedPort.tcp(8081)),
                    exposed.toString());
            assertTrue(v1.startsWith("sha256:"));
        } finally {
            removeContainer(name);
            removeImages(repository, "v1", "v3");
        }
    }

    /** A busybox image of this scope's with one more environment variable, tagged {@code repository:tag}. */
    private static String commitWithEnv(String repository, String tag, String env) {
        return commit(repository, tag, c -> c.withEnv(env));
    }

    /** A busybox image of this scope's with the given settings, tagged {@code repository:tag}. */
    private static String commit(String repository, String tag,
                                 java.util.function.Consumer<com.github.dockerjava.api.command.CreateContainerCmd> settings) {
        String source = scope.create(scope.name("source-" + tag + "-" + repository.hashCode()), Map.of(), settings,
                "true");
        scope.docker().commitCmd(source).withRepository(repository).withTag(tag).exec();
        return scope.docker().inspectImageCmd(repository + ":" + tag).exec().getId();
    }

    private static void removeContainer(String name) {
        try {
            scope.docker().removeContainerCmd(name).withForce(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            // The test failed before making it.
        }
    }

    private static void removeImages(String repository, String... tags) {
        for (String tag : tags) {
            try {
                scope.docker().removeImageCmd(repository + ":" + tag).withForce(true).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
                // Removed by the test, or never tagged.
            }
        }
    }

    @Test
    void stoppedContainerStaysStoppedAndCanBeRenamed() {
        String oldName = scope.name("idle");
        String oldId = scope.create(oldName, Map.of(), c -> { }, "sleep", "600");
        JsonNode result = RunningAgent.json(agent.put("/agent/docker/containers/" + oldId,
                "{\"name\": \"" + scope.name("renamed") + "\", \"cmd\": [\"sleep\", \"5\"]}"));
        assertEquals("created", result.path("state").asText());
        InspectContainerResponse now = scope.docker().inspectContainerCmd(scope.name("renamed")).exec();
        assertEquals(List.of("sleep", "5"), Arrays.asList(now.getConfig().getCmd()));
        assertGone(oldId);
    }

    @Test
    void portsAndVolumesCanBeReplaced() throws Exception {
        String name = scope.name("ports");
        String oldId = scope.run(name, Map.of(), "sleep", "600");
        int hostPort = RunningAgent.freePort();
        String volume = scope.name("vol");
        scope.docker().createVolumeCmd().withName(volume).withLabels(scope.labels()).exec();
        JsonNode result = RunningAgent.json(agent.put("/agent/docker/containers/" + name,
                "{\"ports\": [\"127.0.0.1:" + hostPort + ":8080/tcp\"], \"volumes\": [\"" + volume + ":/vol:ro\"]}"));
        InspectContainerResponse now = scope.docker().inspectContainerCmd(result.path("id").asText()).exec();
        var bindings = now.getHostConfig().getPortBindings().getBindings().get(ExposedPort.tcp(8080));
        assertEquals(String.valueOf(hostPort), bindings[0].getHostPortSpec());
        assertEquals("127.0.0.1", bindings[0].getHostIp());
        var mount = now.getMounts().stream().filter(m -> "/vol".equals(m.getDestination().getPath())).findFirst()
                .orElseThrow();
        assertEquals(volume, mount.getName());
        assertEquals(Boolean.FALSE, mount.getRW());
        assertGone(oldId);
    }

    @Test
    void failedCreateLeavesTheOldContainerAsItWas() {
        String name = scope.name("safe");
        String oldId = scope.run(name, Map.of(), "sleep", "600");
        String startedAt = scope.docker().inspectContainerCmd(oldId).exec().getState().getStartedAt();
        // A missing image is found before the container is touched.
        JsonNode missing = assertError(agent.put("/agent/docker/containers/" + name,
                "{\"image\": \"bollard-test/no-such-image:" + scope.id() + "\"}"), 404, "not_found");
        assertTrue(missing.path("message").asText().contains("nothing was changed"), missing.toString());
        assertEquals(startedAt, scope.docker().inspectContainerCmd(name).exec().getState().getStartedAt());
        // More CPUs than the host has: Docker refuses only when the new container is made.
        JsonNode error = assertError(agent.put("/agent/docker/containers/" + name, "{\"cpu_limit\": 100000}"), 400,
                "bad_request");
        assertTrue(error.path("message").asText().contains("undone"), error.toString());
        InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
        assertEquals(oldId, now.getId(), "same container, same name");
        assertEquals("running", now.getState().getStatus());
        assertNotEquals(startedAt, now.getState().getStartedAt(), "it was stopped and started again");
        assertEquals(1, scope.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(scope.labels()).exec().stream()
                .filter(c -> c.getNames()[0].contains("safe")).count(), "no leftover containers");
    }

    @Test
    void failedStartLeavesTheOldContainerRunning() throws Exception {
        String name = scope.name("portclash");
        String oldId = scope.run(name, Map.of(), "sleep", "600");
        // Hold a host port, so that publishing it makes the new container fail at start.
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            var answer = agent.put("/agent/docker/containers/" + name,
                    "{\"ports\": [\"127.0.0.1:" + port + ":80\"]}");
            assertTrue(answer.statusCode() >= 400, answer.body());
            assertTrue(RunningAgent.json(answer).path("message").asText().contains("undone"), answer.body());
        }
        InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
        assertEquals(oldId, now.getId());
        assertEquals("running", now.getState().getStatus());
        assertEquals(1, scope.docker().listContainersCmd().withShowAll(true).withLabelFilter(scope.labels()).exec()
                .stream().filter(c -> c.getNames()[0].contains("portclash")).count(), "no leftover containers");
    }

    @Test
    void badEditsAreRefusedBeforeAnythingChanges() {
        String name = scope.name("strict");
        String oldId = scope.run(name, Map.of(), "sleep", "600");
        String startedAt = scope.docker().inspectContainerCmd(oldId).exec().getState().getStartedAt();
        // What Docker itself would refuse only after the container was stopped (an outside audit's list).
        for (String refused : List.of("{\"volumes\": [\":/x\"]}", "{\"memory_limit\": 1}",
                "{\"cpu_limit\": 0.0000001}", "{\"restart_policy\": \"always:3\"}", "{\"env\": [\"A\\u0000B=1\"]}",
                "{\"labels\": {\"\": \"x\"}}", "{\"labels\": {\"a\": \"b\\u0000c\"}}", "{\"ports\": [\"99999:80\"]}",
                "{\"restart_policy\": \"on-failure:-1\"}", "{\"volumes\": [\"my data:/x\"]}")) {
            assertError(agent.put("/agent/docker/containers/" + name, refused), 400, "bad_request");
        }
        assertEquals(startedAt, scope.docker().inspectContainerCmd(oldId).exec().getState().getStartedAt(),
                "never stopped");
        assertError(agent.put("/agent/docker/containers/" + name, "{}"), 400, "bad_request");
        assertError(agent.put("/agent/docker/containers/" + name, "{\"restart_policy\": \"sometimes\"}"), 400,
                "bad_request");
        assertError(agent.put("/agent/docker/containers/" + name, "{\"ports\": [\"http\"]}"), 400, "bad_request");
        assertError(agent.put("/agent/docker/containers/" + name, "{\"volumes\": [\"relative\"]}"), 400, "bad_request");
        assertError(agent.put("/agent/docker/containers/" + name, "{\"name\": \"bad name!\"}"), 400, "bad_request");
        assertError(agent.put("/agent/docker/containers/" + name, "{\"memory_limit\": -1}"), 400, "bad_request");
        assertError(agent.put("/agent/docker/containers/" + name, "{\"env\": \"A=1\"}"), 400, "bad_request");
        assertError(agent.put("/agent/docker/containers/" + name, "not json"), 400, "bad_request");
        assertError(agent.put("/agent/docker/containers/" + name, "{\"image\": \"x/../../volumes/v\"}"), 400,
                "bad_request");
        assertEquals(oldId, scope.docker().inspectContainerCmd(name).exec().getId());
    }

    @Test
    void nameTakenIsAConflictAndUndone() {
        String name = scope.name("one");
        String other = scope.name("two");
        String oldId = scope.run(name, Map.of(), "sleep", "600");
        scope.run(other, Map.of(), "sleep", "600");
        String startedAt = scope.docker().inspectContainerCmd(oldId).exec().getState().getStartedAt();
        assertError(agent.put("/agent/docker/containers/" + name, "{\"name\": \"" + other + "\"}"), 409, "conflict");
        InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
        assertEquals(oldId, now.getId());
        assertEquals("running", now.getState().getStatus());
        assertEquals(startedAt, now.getState().getStartedAt(), "a taken name is found before the stop");
    }

    @Test
    void theNameStaysTakenWhileTheOldContainerStops() throws Exception {
        String name = scope.name("slowstop");
        // sleep as PID 1 ignores SIGTERM: the stop waits its whole timeout (3 s) before the kill.
        String oldId = scope.run(name, Map.of(), c -> c.withStopTimeout(3), "sleep", "600");
        CompletableFuture<java.net.http.HttpResponse<String>> edit = CompletableFuture.supplyAsync(
                () -> agent.put("/agent/docker/containers/" + name, "{\"env\": [\"E=1\"]}"));
        Thread.sleep(1000);
        // Another caller asking for the name mid-stop (an outside audit took it so and stranded the container).
        assertThrows(com.github.dockerjava.api.exception.ConflictException.class,
                () -> scope.create(name, Map.of(), c -> { }, "true"));
        assertEquals(200, edit.join().statusCode(), edit.join().body());
        InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
        assertNotEquals(oldId, now.getId());
        assertEquals(List.of("E=1"), Arrays.stream(now.getConfig().getEnv()).filter(e -> e.startsWith("E=")).toList());
    }

    @Test
    void aStopOrRemoveDuringAnEditIsAConflictNotUndoneLater() throws Exception {
        String name = scope.name("racing");
        // sleep as PID 1 ignores SIGTERM: the edit's stop waits its whole timeout, 6 s.
        String oldId = scope.run(name, Map.of(), c -> c.withStopTimeout(6), "sleep", "600");
        CompletableFuture<java.net.http.HttpResponse<String>> edit = CompletableFuture.supplyAsync(
                () -> agent.put("/agent/docker/containers/" + name, "{\"env\": [\"E=2\"]}"));
        Thread.sleep(1000);
        // They answered 200 and the edit's end brought the container back, running (an outside audit's find).
        for (var change : List.<java.util.function.Supplier<java.net.http.HttpResponse<String>>>of(
                () -> agent.delete("/agent/docker/containers/" + name + "?force=true"),
                () -> agent.post("/agent/docker/containers/" + oldId.substring(0, 12) + "/stop?timeout=1", null),
                () -> agent.post("/agent/docker/containers/" + name + "/restart", null),
                () -> agent.post("/agent/docker/containers/" + name + "/start", null))) {
            JsonNode refused = assertError(change.get(), 409, "conflict");
            assertTrue(refused.path("message").asText().contains("is being edited"), refused.toString());
        }
        assertEquals(200, edit.join().statusCode(), edit.join().body());
        // After the edit, the change goes through.
        assertEquals(200, agent.delete("/agent/docker/containers/" + name + "?force=true").statusCode());
        assertThrows(com.github.dockerjava.api.exception.NotFoundException.class,
                () -> scope.docker().inspectContainerCmd(name).exec());
    }

    @Test
    void aContainerAnEditLeftParkedCanBeNamedBack() {
        String name = scope.name("parked");
        String id = scope.run(name + "-bollard-replaced-0a1b2c3d", Map.of(), "sleep", "600");
        var answer = agent.put("/agent/docker/containers/" + id, "{\"name\": \"" + name + "\"}");
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("running", scope.docker().inspectContainerCmd(name).exec().getState().getStatus());
    }

    @Test
    void aPausedContainerStaysPaused() {
        String name = scope.name("paused");
        String oldId = scope.run(name, Map.of(), "sleep", "600");
        scope.docker().pauseContainerCmd(oldId).exec();
        // A failed edit puts it back paused, a good one leaves the new container paused (both came back running).
        assertError(agent.put("/agent/docker/containers/" + name, "{\"cpu_limit\": 100000}"), 400, "bad_request");
        assertEquals("paused", scope.docker().inspectContainerCmd(name).exec().getState().getStatus());
        var answer = agent.put("/agent/docker/containers/" + name, "{\"env\": [\"E=1\"]}");
        assertEquals(200, answer.statusCode(), answer.body());
        InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
        assertNotEquals(oldId, now.getId());
        assertEquals("paused", now.getState().getStatus());
        assertEquals("paused", RunningAgent.json(answer).path("state").asText());
        scope.docker().unpauseContainerCmd(now.getId()).exec();
    }

    @Test
    void aContainerStartedWithRmIsNotEdited() {
        String name = scope.name("autorm");
        String id = scope.run(name, Map.of(), c -> c.withHostConfig(HostConfig.newHostConfig().withAutoRemove(true)),
                "sleep", "600");
        JsonNode error = assertError(agent.put("/agent/docker/containers/" + name, "{\"env\": [\"E=1\"]}"), 409,
                "conflict");
        assertTrue(error.path("message").asText().contains("--rm"), error.toString());
        assertEquals("running", scope.docker().inspectContainerCmd(id).exec().getState().getStatus());
    }

    @Test
    void aContainerRestartingInALoopIsFixedByAnEdit() {
        String name = scope.name("loop");
        scope.run(name, Map.of(), c -> c.withHostConfig(HostConfig.newHostConfig()
                        .withRestartPolicy(com.github.dockerjava.api.model.RestartPolicy.alwaysRestart())),
                "sh", "-c", "test -n \"$FIX\" && exec sleep 600; exit 1");
        var answer = agent.put("/agent/docker/containers/" + name, "{\"env\": [\"FIX=1\"]}");
        assertEquals(200, answer.statusCode(), answer.body());
        scope.awaitState(name, "running", Duration.ofSeconds(10));
        assertEquals(0, scope.docker().inspectContainerCmd(name).exec().getRestartCount());
    }

    @Test
    void anEditKeepsComposeLabels() {
        String name = scope.name("stacked");
        String project = scope.name("proj");
        scope.run(name, Map.of("com.docker.compose.project", project, "com.docker.compose.service", "web"),
                "sleep", "600");
        JsonNode error = assertError(agent.put("/agent/docker/containers/" + name,
                "{\"labels\": {\"com.docker.compose.project\": \"another\"}}"), 400, "bad_request");
        assertTrue(error.path("message").asText().contains("com.docker.compose.project"), error.toString());
        assertEquals(200, agent.put("/agent/docker/containers/" + name, "{\"labels\": {\"tier\": \"front\"}}")
                .statusCode());
        Map<String, String> labels = scope.docker().inspectContainerCmd(name).exec().getConfig().getLabels();
        assertEquals(project, labels.get("com.docker.compose.project"));
        assertEquals("web", labels.get("com.docker.compose.service"));
        assertEquals("front", labels.get("tier"));
    }

    @Test
    void concurrentEditsOfOneContainerLeaveOneContainer() throws Exception {
        String name = scope.name("conc");
        scope.run(name, Map.of(), c -> c.withHostConfig(HostConfig.newHostConfig()).withVolumes(new Volume("/anon")),
                "sleep", "600");
        List<CompletableFuture<java.net.http.HttpResponse<String>>> edits = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String body = "{\"env\": [\"V=" + i + "\"]}";
            edits.add(CompletableFuture.supplyAsync(() -> agent.put("/agent/docker/containers/" + name, body)));
        }
        List<Integer> statuses = edits.stream().map(f -> f.join().statusCode()).sorted().toList();
        assertEquals(200, statuses.getFirst(), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == 200 || s == 409), statuses.toString());
        // Exactly one container holds the name's place: no parked copy, no second one running.
        List<String> names = scope.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(scope.labels()).exec().stream().map(c -> c.getNames()[0])
                .filter(n -> n.startsWith("/" + name)).toList();
        assertEquals(List.of("/" + name), names);
    }

    @Test
    void removingAnEditedContainerWithItsVolumesRemovesItsFormerlyAnonymousVolume() {
        String name = scope.name("anon");
        String id = scope.run(name, Map.of(), c -> c.withVolumes(new Volume("/anon")), "sleep", "600");
        String volume = scope.docker().inspectContainerCmd(id).exec().getMounts().getFirst().getName();
        assertEquals(200, agent.put("/agent/docker/containers/" + name, "{\"env\": [\"E=1\"]}").statusCode());
        assertEquals(volume, scope.docker().inspectContainerCmd(name).exec().getMounts().getFirst().getName(),
                "the edit kept the volume");
        assertEquals(200, agent.delete("/agent/docker/containers/" + name + "?force=true&volumes=true").statusCode());
        assertTrue(scope.docker().listVolumesCmd().exec().getVolumes().stream()
                .noneMatch(v -> v.getName().equals(volume)), "volume " + volume + " left behind");
    }

    @Test
    void volumesReplaceNamedMountsAndAFixedAddressIsKept() {
        String volume = scope.name("named");
        scope.docker().createVolumeCmd().withName(volume).withLabels(scope.labels()).exec();
        String network = scope.name("fixed");
        scope.docker().createNetworkCmd().withName(network).withLabels(scope.labels())
                .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet("10.231.123.0/24")))
                .exec();
        String name = scope.name("mounts");
        scope.run(name, Map.of(), c -> c.withIpv4Address("10.231.123.50").withHostConfig(HostConfig.newHostConfig()
                .withNetworkMode(network).withBinds(new Bind(volume, new Volume("/named")))), "sleep", "600");
        assertEquals(200, agent.put("/agent/docker/containers/" + name, "{\"volumes\": []}").statusCode());
        InspectContainerResponse now = scope.docker().inspectContainerCmd(name).exec();
        assertTrue(now.getMounts() == null || now.getMounts().stream().noneMatch(m -> volume.equals(m.getName())),
                "volumes: [] drops the named volume: " + now.getMounts());
        assertEquals("10.231.123.50", now.getNetworkSettings().getNetworks().get(network).getIpAddress());
        scope.docker().removeContainerCmd(now.getId()).withForce(true).exec();
        scope.docker().removeNetworkCmd(network).exec();
    }

    private static void assertGone(String id) {
        assertTrue(scope.docker().listContainersCmd().withShowAll(true).exec().stream()
                .noneMatch(c -> c.getId().equals(id)), "old container " + id + " removed");
    }

    private static String exec(String id, String... cmd) {
        var docker = scope.docker();
        String execId = docker.execCreateCmd(id).withCmd(cmd).withAttachStdout(true).exec().getId();
        StringBuilder out = new StringBuilder();
        try {
            docker.execStartCmd(execId).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<
                    com.github.dockerjava.api.model.Frame>() {
                @Override
                public void onNext(com.github.dockerjava.api.model.Frame frame) {
                    out.append(new String(frame.getPayload()));
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return out.toString().trim();
    }

}
