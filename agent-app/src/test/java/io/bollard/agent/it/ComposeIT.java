package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.api.model.HostConfig;
import io.bollard.testing.DockerScope;
import io.bollard.testing.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compose routes as a server calls them: deploy (plain and streamed), redeploy, list, inspect, stop, remove, bad
 * files, one deploy per stack, a caller that leaves mid-stream. The agent's filter is this test's scope label, so
 * every container, network and volume the agent makes carries it and is cleaned up with the scope.
 */
class ComposeIT {

    private static DockerScope scope;
    private static RunningAgent agent;

    @BeforeAll
    static void start() {
        scope = new DockerScope();
        agent = RunningAgent.start(Map.of("DOCKER_FILTER", "label=" + DockerScope.LABEL + "=" + scope.id()));
    }

    @AfterAll
    static void stop() {
        try {
            agent.close();
        } finally {
            scope.close();
        }
    }

    private static String name(String base) {
        return base + "-" + scope.id();
    }

    static String stack(String webMode) {
        return stack(webMode, 1);
    }

    /** The db and web stack, db healthy after the given seconds. */
    static String stack(String webMode, int dbReadySeconds) {
        return """
                services:
                  db:
                    image: %1$s
                    command: ["sh", "-c", "sleep %3$d; touch /tmp/ready; exec sleep 600"]
                    stop_grace_period: 1s
                    volumes: ["data:/data"]
                    healthcheck:
                      test: ["CMD", "test", "-f", "/tmp/ready"]
                      interval: 1s
                      retries: 30
                  web:
                    image: %1$s
                    command: sleep 600
                    stop_grace_period: 1s
                    env_file: web.env
                    environment:
                      MODE: %2$s
                      GREETING: ${GREETING}
                      TAG: ${TAG:-none}
                    depends_on:
                      db:
                        condition: service_healthy
                volumes:
                  data: {}
                """.formatted(TestDocker.busybox(), webMode, dbReadySeconds);
    }

    private static String body(String name, String compose, Map<String, Object> extra) {
        ObjectNode body = RunningAgent.JSON.createObjectNode();
        body.put("name", name);
        body.put("compose", compose);
        body.set("env", RunningAgent.JSON.valueToTree(Map.of("TAG", "from-request")));
        body.set("files", RunningAgent.JSON.valueToTree(Map.of(".env", "GREETING=hello from dotenv\nTAG=dotenv\n",
                "web.env", "# env file\nexport FROM_FILE='yes'\n")));
        extra.forEach((k, v) -> body.set(k, RunningAgent.JSON.valueToTree(v)));
        return body.toString();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode inspect(String container) {
        return RunningAgent.json(agent.get("/agent/docker/containers/" + container));
    }

    @Test
    void deployRedeployListInspectStopAndRemove() throws Exception {
        String name = name("app");
        HttpResponse<String> deployed = agent.post("/agent/docker/deploy/compose", body(name, stack("one"), Map.of()));
        assertEquals(200, deployed.statusCode(), deployed.body());
        JsonNode result = RunningAgent.json(deployed);
        assertEquals("done", result.path("status").asText());
        assertEquals(List.of("create network " + name + "_default", "create volume " + name + "_data",
                "create container " + name + "-db-1", "start container " + name + "-db-1",
                "wait healthy " + name + "-db-1", "create container " + name + "-web-1",
                "start container " + name + "-web-1"), texts(result.path("operations")));
        // The stacks folder is closed to the host's other users (secret files inside it stay 0644 for containers).
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(agent.dataDir().resolve("stacks"))));

        JsonNode web = inspect(name + "-web-1");
        List<String> env = texts(web.path("env"));
        assertTrue(env.containsAll(List.of("MODE=one", "GREETING=hello from dotenv", "TAG=from-request",
                "FROM_FILE=yes")), env.toString());
        assertEquals("# env file\nexport FROM_FILE='yes'\n",
                Files.readString(agent.dataDir().resolve("stacks/" + name + "/web.env")));
        assertTrue(Files.readString(agent.dataDir().resolve("stacks/" + name + "/compose.yaml")).contains("MODE: one"));

        JsonNode listed = null;
        for (JsonNode s : RunningAgent.json(agent.get("/agent/docker/compose"))) {
            if (s.path("name").asText().equals(name)) {
                listed = s;
            }
        }
        assertEquals("running", listed.path("status").asText(), String.valueOf(listed));
        assertEquals("agent", listed.path("source").asText());
        assertEquals(2, listed.path("services").size());

        // Streamed redeploy with web changed: only web is recreated, db keeps running.
        String dbId = inspect(name + "-db-1").path("id").asText();
        String webId = web.path("id").asText();
        List<JsonNode> lines = stream(body(name, stack("two"), Map.of()));
        JsonNode last = lines.getLast();
        assertEquals("deploy", last.path("step").asText());
        assertEquals("done", last.path("status").asText(), last.toString());
        assertEquals(List.of("wait healthy " + name + "-db-1", "recreate container " + name + "-web-1",
                "start container " + name + "-web-1"), texts(last.path("operations")));
        List<String> statuses = lines.subList(0, lines.size() - 1).stream()
                .map(l -> l.path("step").asText() + " " + l.path("status").asText()).toList();
        assertEquals(List.of("wait healthy " + name + "-db-1 started", "wait healthy " + name + "-db-1 done",
                "recreate container " + name + "-web-1 started", "recreate container " + name + "-web-1 done",
                "start container " + name + "-web-1 started", "start container " + name + "-web-1 done"), statuses);
        assertEquals("web", lines.get(2).path("service").asText());
        assertFalse(lines.getFirst().path("time").asText().isEmpty());
        assertEquals(dbId, inspect(name + "-db-1").path("id").asText());
        assertNotEquals(webId, inspect(name + "-web-1").path("id").asText());

        JsonNode one = RunningAgent.json(agent.get("/agent/docker/compose/" + name));
        assertTrue(one.path("compose").asText().contains("MODE: two"));
        assertEquals("done", one.path("last_deploy").path("status").asText());
        assertEquals(3, one.path("last_deploy").path("operations").size());

        JsonNode stopped = RunningAgent.json(agent.post("/agent/docker/compose/stop", "{\"name\":\"" + name + "\"}"));
        assertEquals(List.of("stop container " + name + "-web-1", "stop container " + name + "-db-1"),
                texts(stopped.path("operations")));
        assertEquals("stopped", RunningAgent.json(agent.get("/agent/docker/compose/" + name)).path("status").asText());

        JsonNode removed = RunningAgent.json(agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\"}"));
        assertTrue(texts(removed.path("operations")).contains("remove network " + name + "_default"));
        assertFalse(texts(removed.path("operations")).contains("remove volume " + name + "_data"));
        assertEquals(scope.id(), scope.docker().inspectVolumeCmd(name + "_data").exec().getLabels()
                .get(DockerScope.LABEL), "the named volume is kept unless volumes: true, with the filter's label");
        assertError(agent.get("/agent/docker/compose/" + name), 404, "not_found");
        assertTrue(Files.exists(agent.dataDir().resolve("stacks/" + name + "/compose.yaml")),
                "the stack folder is kept with its data unless volumes: true");
        scope.docker().removeVolumeCmd(name + "_data").exec();
    }

    @Test
    void aCallerThatLeavesMidStreamDoesNotStopTheDeployAndItsOutcomeIsKept() throws Exception {
        String name = name("leave");
        HttpRequest request = agent.authed("/agent/docker/deploy/stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(name, stack("one"), Map.of()))).build();
        HttpResponse<InputStream> response = agent.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            assertTrue(reader.readLine().contains("\"started\""));
        }
        // Meanwhile a second deploy of the same stack is refused.
        assertError(agent.post("/agent/docker/deploy/compose", body(name, stack("one"), Map.of())), 409, "conflict");

        JsonNode last = null;
        Instant end = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(end)) {
            last = RunningAgent.json(agent.get("/agent/docker/compose/" + name)).path("last_deploy");
            if (!last.path("status").asText().equals("running")) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals("done", last.path("status").asText(), String.valueOf(last));
        assertEquals("running", inspect(name + "-web-1").path("state").asText());
        agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\",\"volumes\":true}");
    }

    @Test
    void aDeployTheAgentsStopCutsOffSaysSoOnItsStream() throws Exception {
        String name = name("cut");
        RunningAgent stopping = RunningAgent.start(Map.of("DOCKER_FILTER", "label=" + DockerScope.LABEL + "="
                + scope.id()));
        try {
            HttpRequest request = stopping.authed("/agent/docker/deploy/stream")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(name, stack("one", 120), Map.of()))).build();
            HttpResponse<InputStream> response = stopping.http().send(request,
                    HttpResponse.BodyHandlers.ofInputStream());
            List<JsonNode> lines = new ArrayList<>();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                    StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    JsonNode event = RunningAgent.JSON.readTree(line);
                    lines.add(event);
                    if (event.path("step").asText().startsWith("wait healthy")
                            && event.path("status").asText().equals("started")) {
                        Thread.ofPlatform().start(stopping::close);
                    }
                }
            }
            JsonNode last = lines.get(lines.size() - 1);
            assertEquals("deploy_interrupted", last.path("error").asText(), lines.toString());
            assertTrue(last.path("message").asText().contains("the agent stopped during this deploy"),
                    last.toString());
            assertTrue(lines.stream().noneMatch(l -> l.path("message").asText().endsWith("Exception")),
                    lines.toString());
        } finally {
            stopping.close();
            agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\",\"volumes\":true}");
        }
    }

    @Test
    void aContainerOfAStackBeingDeployedCannotBeEditedMeanwhile() throws Exception {
        String name = name("turns");
        String slow = stack("one", 6); // db healthy after 6 s: the deploy waits that long
        CompletableFuture<HttpResponse<String>> deploy = agent.http().sendAsync(agent.authed(
                "/agent/docker/deploy/compose").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(name, slow, Map.of()))).build(),
                HttpResponse.BodyHandlers.ofString());
        Instant end = Instant.now().plusSeconds(30);
        while (agent.get("/agent/docker/containers/" + name + "-db-1").statusCode() != 200
                && Instant.now().isBefore(end)) {
            Thread.sleep(100);
        }
        // The deploy waits for db to be healthy: an edit of db now would recreate it beside the deploy.
        JsonNode refused = assertError(agent.put("/agent/docker/containers/" + name + "-db-1",
                "{\"env\":[\"A=b\"]}"), 409, "conflict");
        assertTrue(refused.path("message").asText().contains("belongs to stack " + name), refused.toString());
        assertEquals(200, deploy.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode());
        // The turn is given back with the deploy's end; an edit's turn is given back with its end.
        assertEquals(200, agent.put("/agent/docker/containers/" + name + "-web-1", "{\"env\":[\"A=b\"]}")
                .statusCode());
        assertEquals(200, agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\",\"volumes\":true}")
                .statusCode());
    }

    @Test
    void aJoinedContainerGoesToDockerByTheIdTheAgentChecked() {
        String visibleId = scope.run(scope.name("joined"), Map.of(), "sleep", "600");
        String prefix = visibleId.substring(0, 10);
        // A hidden container named as the visible one's id prefix: Docker looks names up before id prefixes, so
        // passing "container:<prefix>" on joined the hidden one (an outside audit read its files so).
        String hiddenId = scope.docker().createContainerCmd(TestDocker.busybox()).withName(prefix)
                .withCmd("sleep", "600").withStopTimeout(1).exec().getId();
        try {
            scope.docker().startContainerCmd(hiddenId).exec();
            String name = name("joins");
            String yaml = """
                    services:
                      s:
                        image: %s
                        command: sleep 600
                        stop_grace_period: 1s
                        network_mode: "container:%s"
                        pid: "container:%s"
                    """.formatted(TestDocker.busybox(), prefix, prefix);
            HttpResponse<String> deployed = agent.post("/agent/docker/deploy/compose", body(name, yaml, Map.of()));
            assertEquals(200, deployed.statusCode(), deployed.body());
            var host = scope.docker().inspectContainerCmd(name + "-s-1").exec().getHostConfig();
            assertEquals("container:" + visibleId, host.getNetworkMode());
            assertEquals("container:" + visibleId, host.getPidMode());
            assertEquals(200, agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\"}").statusCode());
        } finally {
            scope.docker().removeContainerCmd(hiddenId).withForce(true).exec();
        }
    }

    @Test
    void underALabelFilterAServiceJoinsNoNetworkByNetworkModeOrById() {
        // Another team's network: a network named in network_mode reached Docker unchecked, and a name that is a
        // network's id made Docker join (and a stack remove delete) that network (an outside audit's finds).
        String hiddenNetwork = scope.docker().createNetworkCmd().withName(scope.name("other-team"))
                .withLabels(Map.of("io.bollard.test.other-team", scope.id())).exec().getId();
        try {
            String byMode = """
                    services:
                      s:
                        image: %s
                        command: sleep 600
                        network_mode: %s
                    """.formatted(TestDocker.busybox(), scope.name("other-team"));
            JsonNode mode = assertError(agent.post("/agent/docker/deploy/compose", body(name("bymode"), byMode,
                    Map.of())), 400, "bad_request");
            assertTrue(mode.path("message").asText().contains("services.s.network_mode"), mode.toString());
            String byId = """
                    services:
                      s:
                        image: %s
                        command: sleep 600
                        networks: [x]
                    networks:
                      x: {name: %s}
                    """.formatted(TestDocker.busybox(), hiddenNetwork);
            JsonNode id = assertError(agent.post("/agent/docker/deploy/compose", body(name("byid"), byId, Map.of())),
                    400, "invalid_compose");
            assertTrue(id.path("message").asText().contains("looks like a network id"), id.toString());
            assertTrue(scope.docker().inspectNetworkCmd().withNetworkId(hiddenNetwork).exec().getContainers()
                    .isEmpty(), "no container joined it");
        } finally {
            scope.docker().removeNetworkCmd(hiddenNetwork).exec();
        }
    }

    @Test
    void removingAStackWhoseNetworkOrVolumeOtherContainersUseKeepsThemAndSaysSo() {
        String name = name("shared");
        String yaml = """
                services:
                  a:
                    image: %s
                    command: sleep 600
                    stop_grace_period: 1s
                    volumes: ["data:/data"]
                volumes:
                  data: {}
                """.formatted(TestDocker.busybox());
        assertEquals(200, agent.post("/agent/docker/deploy/compose", body(name, yaml, Map.of())).statusCode());
        // A container made outside the stack joins its network and mounts its volume: Docker keeps both. Compose
        // leaves them too; the removal of everything else, the record included, goes on (it used to stop there).
        String guest = scope.run(scope.name("guest"), Map.of(), c -> c.getHostConfig().withNetworkMode(name
                + "_default").withBinds(com.github.dockerjava.api.model.Bind.parse(name + "_data:/shared")),
                "sleep", "600");
        JsonNode removed = RunningAgent.json(agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name
                + "\",\"volumes\":true}"));
        assertEquals(java.util.Set.of("kept network " + name + "_default, which other containers still use",
                "kept volume " + name + "_data, which other containers still use"),
                java.util.Set.copyOf(texts(removed.path("warnings"))), removed.toString());
        assertTrue(texts(removed.path("operations")).contains("remove container " + name
                + "-a-1 with its anonymous volumes"), removed.toString());
        assertTrue(texts(removed.path("operations")).stream().noneMatch(o -> o.startsWith("remove network")
                || o.startsWith("remove volume")), removed.toString());
        assertError(agent.get("/agent/docker/compose/" + name), 404, "not_found");
        scope.docker().inspectNetworkCmd().withNetworkId(name + "_default").exec();
        scope.docker().inspectVolumeCmd(name + "_data").exec();
        scope.docker().removeContainerCmd(guest).withForce(true).exec();
        scope.docker().removeNetworkCmd(name + "_default").exec();
        scope.docker().removeVolumeCmd(name + "_data").exec();
    }

    @Test
    void badRequestsAreRefusedWithTheirPlaceAndNothingIsWritten() {
        String name = name("bad");
        JsonNode e = assertError(agent.post("/agent/docker/deploy/compose", body(name,
                "services:\n  a:\n    image: x\n    frobnicate: 1\n", Map.of())), 400, "invalid_compose");
        assertEquals("services.a.frobnicate: 'frobnicate' is not supported here (compose.yaml:4)",
                e.path("message").asText());
        e = assertError(agent.post("/agent/docker/deploy/compose", body(name,
                "services:\n  a:\n    image: x\n    depends_on: [b]\n", Map.of())), 400, "invalid_compose");
        assertTrue(e.path("message").asText().contains("services.a.depends_on.b: service 'b' is not defined"),
                e.toString());
        e = assertError(agent.post("/agent/docker/deploy/compose", body(name,
                "services:\n  a:\n    image: x\n    ports: [\"99999:80\"]\n", Map.of())), 400, "invalid_compose");
        assertTrue(e.path("message").asText().startsWith("services.a.ports[0]:"), e.toString());
        // Names Docker refuses only at the container's create are refused before anything is written.
        e = assertError(agent.post("/agent/docker/deploy/compose", body(name, """
                services:
                  "we b":
                    image: x
                  c:
                    image: x
                    container_name: "bad name"
                    cpus: -1
                  d:
                    image: UPPER/Case
                """, Map.of())), 400, "invalid_compose");
        String message = e.path("message").asText();
        assertTrue(message.contains("services.we b: 'we b' is not a service name"), message);
        assertTrue(message.contains("services.c.container_name: 'bad name' is not a container name"), message);
        assertTrue(message.contains("services.c.cpus: must be more than 0"), message);
        e = assertError(agent.post("/agent/docker/deploy/compose", body(name,
                "services:\n  d:\n    image: UPPER/Case\n", Map.of())), 400, "invalid_compose");
        assertTrue(e.path("message").asText().contains("services.d.image: 'UPPER/Case' is not an image reference"),
                e.toString());
        // A body beyond what a JSON route buffers: the answer names no Micronaut setting.
        e = assertError(agent.post("/agent/docker/deploy/compose", body(name, "# " + "x".repeat(11 << 20) + "\n",
                Map.of())), 413, "too_large");
        assertFalse(e.path("message").asText().contains("micronaut"), e.toString());
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            laughs.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                laughs.append(i == 0 ? "" : ",").append('*').append((char) (c - 1));
            }
            laughs.append("]\n");
        }
        long started = System.nanoTime();
        assertError(agent.post("/agent/docker/deploy/compose", body(name, laughs + "services: {}\n", Map.of())),
                400, "invalid_compose");
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5, "refused in bounded time");
        assertError(agent.post("/agent/docker/deploy/compose", body("Bad_Name", stack("x"), Map.of())), 400,
                "bad_request");
        ObjectNode escape = (ObjectNode) RunningAgent.json(agent.post("/agent/docker/deploy/compose",
                "{\"name\":\"" + name + "\",\"compose\":\"services: {}\",\"files\":{\"../escape\":\"x\"}}"));
        assertEquals("bad_request", escape.path("error").asText());
        assertError(agent.post("/agent/docker/deploy/compose", "{\"name\":\"" + name + "\",\"compose\":\"services: "
                + "{a: {image: x}}\",\"files\":{\"sub/\":\"x\"}}"), 400, "bad_request");
        // A file that needs another file, the Compose file or .env as its folder (a folder .env failed every later
        // deploy), and a project name other than the stack's (it was dropped).
        for (String files : List.of("{\".env/x\":\"x\"}", "{\"conf\":\"x\",\"conf/a\":\"y\"}",
                "{\"compose.yaml/x\":\"x\"}")) {
            assertError(agent.post("/agent/docker/deploy/compose", "{\"name\":\"" + name + "\",\"compose\":"
                    + "\"services: {a: {image: x}}\",\"files\":" + files + "}"), 400, "bad_request");
        }
        e = assertError(agent.post("/agent/docker/deploy/compose", body(name, "name: other\nservices: {a: {image: x}}\n",
                Map.of())), 400, "invalid_compose");
        assertTrue(e.path("message").asText().startsWith("name: 'other' is not this stack's name"), e.toString());
        assertFalse(Files.exists(agent.dataDir().resolve("stacks/escape")));
        assertFalse(Files.exists(agent.dataDir().resolve("stacks/" + name + "/compose.yaml")),
                "nothing is written for a refused deploy");
        assertError(agent.post("/agent/docker/compose/stop", "{\"name\":\"" + name("nothing") + "\"}"), 404,
                "not_found");
        // A list is not a name: Micronaut read ["web"] as "web", and the stop ran on that stack.
        JsonNode listed = assertError(agent.post("/agent/docker/compose/stop", "{\"name\":[\"" + name + "\"]}"), 400,
                "bad_request");
        assertTrue(listed.path("message").asText().contains("a text field takes a string"), listed.toString());
    }

    @Test
    void theRestrictedPolicyRefusesWhatReachesTheHost() {
        try (RunningAgent restricted = RunningAgent.start(Map.of("AGENT_COMPOSE_POLICY", "restricted",
                "DOCKER_FILTER", "label=" + DockerScope.LABEL + "=" + scope.id()))) {
            String yaml = """
                    services:
                      a:
                        image: %s
                        privileged: true
                        network_mode: host
                        cap_add: [SYS_ADMIN, CHOWN]
                        volumes: ["/etc:/host-etc", "./data:/data"]
                    """.formatted(TestDocker.busybox());
            JsonNode e = assertError(restricted.post("/agent/docker/deploy/compose", body(name("policy"), yaml,
                    Map.of())), 403, "policy_refused");
            String message = e.path("message").asText();
            assertTrue(message.contains("services.a.privileged"), message);
            assertTrue(message.contains("services.a.network_mode"), message);
            assertTrue(message.contains("capability SYS_ADMIN"), message);
            assertFalse(message.contains("capability CHOWN"), message);
            assertTrue(message.contains("bind mount of /etc is outside the stack folder"), message);
            assertFalse(message.contains("/data is outside"), message);
            assertFalse(Files.exists(restricted.dataDir().resolve("stacks/" + name("policy"))),
                    "a refused stack leaves no folder behind");
        }
    }

    @Test
    void theRestrictedPolicyWeighsTheContainersADeployLeavesRunning() {
        try (RunningAgent restricted = RunningAgent.start(Map.of("AGENT_COMPOSE_POLICY", "restricted",
                "DOCKER_FILTER", "label=" + DockerScope.LABEL + "=" + scope.id()))) {
            String name = name("kept");
            String writer = """
                    services:
                      a:
                        image: %s
                        command: sleep 600
                        stop_grace_period: 1s
                        volumes: [".:/stack"]
                    """.formatted(TestDocker.busybox());
            assertEquals(200, restricted.post("/agent/docker/deploy/compose", body(name, writer, Map.of()))
                    .statusCode());
            // a, no longer in the file, keeps running and may swap ./lnk for a link to / before b's mount.
            String reader = """
                    services:
                      b:
                        image: %s
                        command: sleep 600
                        stop_grace_period: 1s
                        volumes: ["./lnk:/host"]
                    """.formatted(TestDocker.busybox());
            JsonNode refused = assertError(restricted.post("/agent/docker/deploy/compose", body(name, reader,
                    Map.of())), 403, "policy_refused");
            String message = refused.path("message").asText();
            assertTrue(message.contains("services.b.volumes: ./lnk") || message.contains("lnk lies inside"), message);
            assertTrue(message.contains("container " + name + "-a-1, which this deploy leaves running"), message);
            // Removing the orphans first (remove_orphans) takes that writer away.
            HttpResponse<String> replaced = restricted.post("/agent/docker/deploy/compose", body(name, reader,
                    Map.of("remove_orphans", true)));
            assertEquals(200, replaced.statusCode(), replaced.body());
            // The host network by another key is the host network.
            String host = """
                    services:
                      c:
                        image: %s
                        command: sleep 600
                        networks: [h]
                    networks:
                      h: {external: true, name: host}
                    """.formatted(TestDocker.busybox());
            JsonNode hostNetwork = assertError(restricted.post("/agent/docker/deploy/compose",
                    body(name("hostnet"), host, Map.of())), 403, "policy_refused");
            assertTrue(hostNetwork.path("message").asText().contains("networks.h: the host network is not allowed"),
                    hostNetwork.toString());
            assertEquals(200, restricted.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\"}")
                    .statusCode());
        }
    }

    @Test
    void underALabelFilterAStackBindsNoHostFolderOutsideItsOwn() {
        String name = name("hostbind");
        // Docker's volumes folder holds hidden volumes' data; a secret file can read it as well as a bind.
        String yaml = """
                services:
                  x:
                    image: %s
                    command: sleep 600
                    volumes: ["/var/lib/docker/volumes:/v", "./own:/own", "bound:/b", "memory:/m"]
                    secrets: [s]
                secrets:
                  s: {file: /var/lib/docker/volumes/some/_data/secret.txt}
                volumes:
                  bound: {driver_opts: {type: none, o: bind, device: /var/lib/docker/volumes}}
                  memory: {driver_opts: {type: tmpfs, o: "size=1m", device: tmpfs}}
                """.formatted(TestDocker.busybox());
        JsonNode refused = assertError(agent.post("/agent/docker/deploy/compose", body(name, yaml, Map.of())), 400,
                "bad_request");
        String message = refused.path("message").asText();
        assertTrue(message.contains("services.x.volumes: bind mount of /var/lib/docker/volumes is outside"), message);
        assertTrue(message.contains("secrets.s.file: /var/lib/docker/volumes/some/_data/secret.txt is outside"),
                message);
        assertFalse(message.contains("./own") || message.contains("own is outside"), message);
        // A volume of the local driver binds a host folder as well (an outside audit read a hidden volume so).
        assertTrue(message.contains("volumes.bound.driver_opts: a mount of type none with o: bind can reach"),
                message);
        assertFalse(message.contains("volumes.memory"), message);
        assertFalse(Files.exists(agent.dataDir().resolve("stacks/" + name + "/compose.yaml")));
        assertTrue(scope.docker().listVolumesCmd().exec().getVolumes().stream()
                .noneMatch(v -> v.getName().startsWith(name)), "a refused stack makes no volume");

        // Nor inside a folder a container mounts writable, which could swap it for a link out between the check and
        // the mount (an outside audit mounted a host folder so, 6 times in 15), whatever the policy.
        String swapped = """
                services:
                  writer:
                    image: %1$s
                    command: sleep 600
                    stop_grace_period: 1s
                    volumes: [".:/st"]
                  reader:
                    image: %1$s
                    command: sleep 600
                    volumes: ["./cfg:/x"]
                """.formatted(TestDocker.busybox());
        message = assertError(agent.post("/agent/docker/deploy/compose", body(name, swapped, Map.of())), 400,
                "bad_request").path("message").asText();
        assertTrue(message.matches(".*services\\.reader\\.volumes: \\S*/cfg lies inside .*"), message);
        assertTrue(message.contains("which services.writer mounts writable"), message);
        // The writer deployed alone, then left running as an orphan, counts as well.
        String writer = swapped.substring(0, swapped.indexOf("  reader:"));
        String reader = swapped.replace(swapped.substring(swapped.indexOf("  writer:"), swapped.indexOf("  reader:")),
                "");
        assertEquals(200, agent.post("/agent/docker/deploy/compose", body(name, writer, Map.of())).statusCode());
        message = assertError(agent.post("/agent/docker/deploy/compose", body(name, reader, Map.of())), 400,
                "bad_request").path("message").asText();
        assertTrue(message.contains("container " + name + "-writer-1, which this deploy leaves running"), message);
        JsonNode replaced = RunningAgent.json(agent.post("/agent/docker/deploy/compose", body(name, reader,
                Map.of("remove_orphans", true))));
        assertTrue(texts(replaced.path("operations")).contains("remove container " + name + "-writer-1"),
                replaced.toString());
        assertEquals(200, agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\",\"volumes\":true}")
                .statusCode());
    }

    @Test
    void aStackWhoseContainersTheFilterHidesDoesNotExist() {
        String name = name("hidden");
        // A Compose project made outside the agent, without the filter's label.
        String id = scope.docker().createContainerCmd(TestDocker.busybox()).withName(name + "-x-1")
                .withCmd("sleep", "600").withLabels(Map.of("com.docker.compose.project", name,
                        "com.docker.compose.service", "x", "io.bollard.test.cleanup", scope.id())).exec().getId();
        try {
            assertError(agent.get("/agent/docker/compose/" + name), 404, "not_found");
            assertError(agent.post("/agent/docker/compose/stop", "{\"name\":\"" + name + "\"}"), 404, "not_found");
            assertError(agent.post("/agent/docker/deploy/compose", body(name, stack("x"), Map.of())), 404,
                    "not_found");
            assertTrue(RunningAgent.json(agent.get("/agent/docker/compose")).findValues("name").stream()
                    .noneMatch(n -> n.asText().equals(name)));
        } finally {
            scope.docker().removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void volumesTheFilterHidesAreNeitherUsedNorRemoved() {
        String name = name("reach");
        String secret = name("secret-data");
        String owned = name + "_data";
        // Volumes without the filter's label: another team's data, one even labelled as this stack's.
        scope.docker().createVolumeCmd().withName(secret).exec();
        scope.docker().createVolumeCmd().withName(owned).withLabels(Map.of("com.docker.compose.project", name))
                .exec();
        try {
            for (String volumes : List.of("stolen: {external: true, name: " + secret + "}",
                    "stolen: {name: " + secret + "}")) {
                String compose = """
                        services:
                          x:
                            image: %s
                            command: sleep 600
                            volumes: ["stolen:/s"]
                        volumes:
                          %s
                        """.formatted(TestDocker.busybox(), volumes);
                boolean external = volumes.contains("external");
                JsonNode refused = assertError(agent.post("/agent/docker/deploy/compose", body(name, compose,
                        Map.of())), external ? 400 : 409, external ? "invalid_compose" : "conflict");
                assertTrue(refused.path("message").asText().contains("volume " + secret), refused.toString());
                assertFalse(Files.exists(agent.dataDir().resolve("stacks/" + name + "/compose.yaml")));
            }
            // An external volume the filter hides reads exactly as one that does not exist.
            String missing = name("no-such-data");
            String externalOf = """
                    services:
                      x:
                        image: %s
                        volumes: ["stolen:/s"]
                    volumes:
                      stolen: {external: true, name: %s}
                    """;
            JsonNode hiddenAnswer = assertError(agent.post("/agent/docker/deploy/compose", body(name,
                    externalOf.formatted(TestDocker.busybox(), secret), Map.of())), 400, "invalid_compose");
            JsonNode missingAnswer = assertError(agent.post("/agent/docker/deploy/compose", body(name,
                    externalOf.formatted(TestDocker.busybox(), missing), Map.of())), 400, "invalid_compose");
            assertEquals(missingAnswer.path("message").asText().replace(missing, "X"),
                    hiddenAnswer.path("message").asText().replace(secret, "X"));
            String plain = """
                    services:
                      x:
                        image: %s
                        command: sleep 600
                        stop_grace_period: 1s
                    """.formatted(TestDocker.busybox());
            assertEquals(200, agent.post("/agent/docker/deploy/compose", body(name, plain, Map.of())).statusCode());
            JsonNode removed = RunningAgent.json(agent.post("/agent/docker/compose/remove",
                    "{\"name\":\"" + name + "\",\"volumes\":true}"));
            assertFalse(texts(removed.path("operations")).contains("remove volume " + owned), removed.toString());
            assertEquals(owned, scope.docker().inspectVolumeCmd(owned).exec().getName(), "still there");
        } finally {
            scope.docker().removeVolumeCmd(secret).exec();
            scope.docker().removeVolumeCmd(owned).exec();
        }
    }

    @Test
    void aStackTheNameFilterWouldHideIsRefused() {
        try (RunningAgent named = RunningAgent.start(Map.of("DOCKER_FILTER", "name=^keep-"))) {
            String compose = """
                    services:
                      web:
                        image: %s
                        command: sleep 600
                    """.formatted(TestDocker.busybox());
            String name = name("elsewhere");
            JsonNode refused = assertError(named.post("/agent/docker/deploy/compose", body(name, compose, Map.of())),
                    400, "bad_request");
            assertTrue(refused.path("message").asText().contains(name + "-web-1"), refused.toString());
            assertTrue(scope.docker().listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of("com.docker.compose.project", name)).exec().isEmpty());
        }
    }

    @Test
    void removeTakesOneOffContainersAndARefusedDeployWritesNothing() throws Exception {
        String name = name("oneoff");
        String compose = """
                services:
                  web:
                    image: %s
                    command: sleep 600
                    stop_grace_period: 1s
                """.formatted(TestDocker.busybox());
        assertEquals(200, agent.post("/agent/docker/deploy/compose", body(name, compose, Map.of())).statusCode());
        Path folder = agent.dataDir().resolve("stacks/" + name);
        String dotenv = Files.readString(folder.resolve(".env"));
        Files.createDirectory(folder.resolve("sub"));
        // files: .env changes, but sub is a folder: nothing may be written.
        ObjectNode refusedBody = (ObjectNode) RunningAgent.JSON.readTree(body(name, compose, Map.of()));
        refusedBody.set("files", RunningAgent.JSON.valueToTree(Map.of(".env", "CHANGED=1\n", "sub", "x")));
        assertError(agent.post("/agent/docker/deploy/compose", refusedBody.toString()), 409, "conflict");
        assertEquals(dotenv, Files.readString(folder.resolve(".env")));
        // A deploy that fails before it changes anything (its image is missing) leaves the files of what runs: it
        // replaced compose.yaml with the failed file (an outside audit's find).
        String missingImage = compose.replace(TestDocker.busybox(), "bollard-test/no-such-image:" + scope.id())
                .replace("command: sleep 600", "command: sleep 601\n    pull_policy: never");
        assertError(agent.post("/agent/docker/deploy/compose", body(name, missingImage, Map.of())), 400,
                "deploy_failed");
        JsonNode kept = RunningAgent.json(agent.get("/agent/docker/compose/" + name));
        assertEquals(compose, kept.path("compose").asText());
        assertEquals(compose, Files.readString(folder.resolve("compose.yaml")));
        assertEquals("failed", kept.path("last_deploy").path("status").asText(), kept.toString());
        try (var left = Files.list(folder)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith(".bollard-")), "no second names");
        }

        // A `compose run` container of the stack, on its network, as docker-compose makes one.
        String oneOff = scope.docker().createContainerCmd(TestDocker.busybox()).withName(name + "_web_run_1")
                .withCmd("sleep", "600").withLabels(Map.of("com.docker.compose.project", name,
                        "com.docker.compose.service", "web", "com.docker.compose.oneoff", "True",
                        DockerScope.LABEL, scope.id()))
                .withHostConfig(HostConfig.newHostConfig().withNetworkMode(name + "_default")).exec().getId();
        scope.docker().startContainerCmd(oneOff).exec();
        HttpResponse<String> removed = agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\"}");
        assertEquals(200, removed.statusCode(), removed.body());
        assertTrue(scope.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of("com.docker.compose.project", name)).exec().isEmpty());
        assertTrue(scope.docker().listNetworksCmd().withNameFilter(name + "_default").exec().stream()
                .noneMatch(n -> n.getName().equals(name + "_default")));
    }

    @Test
    void removeOrphansKeepsServicesAProfileSwitchedOffAndRemovesServicesNoLongerDefined() {
        String name = name("profiles");
        String compose = """
                services:
                  web:
                    image: %1$s
                    command: sleep 600
                    stop_grace_period: 1s
                  debug:
                    image: %1$s
                    command: sleep 600
                    stop_grace_period: 1s
                    profiles: [debug]
                """.formatted(TestDocker.busybox());
        ObjectNode withDebug = RunningAgent.JSON.createObjectNode().put("name", name).put("compose", compose);
        withDebug.set("env", RunningAgent.JSON.valueToTree(Map.of("COMPOSE_PROFILES", "debug")));
        HttpResponse<String> first = agent.post("/agent/docker/deploy/compose", withDebug.toString());
        assertEquals(200, first.statusCode(), first.body());
        assertEquals("running", inspect(name + "-debug-1").path("state").asText(), "debug started");

        ObjectNode withoutProfile = RunningAgent.JSON.createObjectNode().put("name", name).put("compose", compose)
                .put("remove_orphans", true);
        HttpResponse<String> second = agent.post("/agent/docker/deploy/compose", withoutProfile.toString());
        assertEquals(200, second.statusCode(), second.body());
        assertEquals("running", inspect(name + "-debug-1").path("state").asText(),
                "a service switched off by its profile is still defined: not an orphan");

        ObjectNode dropped = RunningAgent.JSON.createObjectNode().put("name", name)
                .put("compose", compose.substring(0, compose.indexOf("  debug:"))).put("remove_orphans", true);
        HttpResponse<String> third = agent.post("/agent/docker/deploy/compose", dropped.toString());
        assertEquals(200, third.statusCode(), third.body());
        assertEquals(404, agent.get("/agent/docker/containers/" + name + "-debug-1").statusCode(),
                "a service no longer in the file is an orphan");
        assertEquals(200, agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\"}").statusCode());
    }

    @Test
    void aRedeployRecreatesServicesWhoseMountedFilesOrVolumeNamesChanged() {
        String name = name("inputs");
        String compose = """
                services:
                  app:
                    image: %s
                    command: ["sh", "-c", "echo changed > /state.json; exec sleep 600"]
                    stop_grace_period: 1s
                    volumes: ["./app.conf:/app.conf:ro", "./state.json:/state.json", "data:/data"]
                  other:
                    image: %s
                    command: sleep 600
                    stop_grace_period: 1s
                volumes:
                  data:
                    name: %s
                """;
        String first = compose.formatted(TestDocker.busybox(), TestDocker.busybox(), name + "-one");
        ObjectNode body = RunningAgent.JSON.createObjectNode();
        body.put("name", name);
        body.put("compose", first);
        body.set("files", RunningAgent.JSON.valueToTree(Map.of("app.conf", "version=1\n", "state.json", "{}")));
        assertEquals(200, agent.post("/agent/docker/deploy/compose", body.toString()).statusCode());
        String read = "/agent/docker/files/read?container=" + name + "-app-1&path=/app.conf";
        assertEquals("version=1\n", RunningAgent.json(agent.get(read)).path("content").asText());
        // A file the container writes itself (mounted writable) is no change to the stack: nothing is recreated.
        String state = "/agent/docker/files/read?stack=" + name + "&path=state.json";
        long deadline = System.currentTimeMillis() + 10_000;
        while (!"changed\n".equals(RunningAgent.json(agent.get(state)).path("content").asText())
                && System.currentTimeMillis() < deadline) {
            Thread.onSpinWait();
        }
        body.set("files", RunningAgent.JSON.valueToTree(Map.of("app.conf", "version=1\n")));
        JsonNode same = RunningAgent.json(agent.post("/agent/docker/deploy/compose", body.toString()));
        assertEquals(0, same.path("operations").size(), same.toString());

        body.set("files", RunningAgent.JSON.valueToTree(Map.of("app.conf", "version=2\n")));
        JsonNode changed = RunningAgent.json(agent.post("/agent/docker/deploy/compose", body.toString()));
        assertTrue(texts(changed.path("operations")).contains("recreate container " + name + "-app-1"),
                changed.toString());
        assertFalse(texts(changed.path("operations")).stream().anyMatch(op -> op.contains("other")), changed.toString());
        assertEquals("version=2\n", RunningAgent.json(agent.get(read)).path("content").asText());

        body.put("compose", compose.formatted(TestDocker.busybox(), TestDocker.busybox(), name + "-two"));
        JsonNode renamed = RunningAgent.json(agent.post("/agent/docker/deploy/compose", body.toString()));
        assertTrue(texts(renamed.path("operations")).contains("recreate container " + name + "-app-1"),
                renamed.toString());
        assertTrue(scope.docker().inspectContainerCmd(name + "-app-1").exec().getMounts().stream()
                .anyMatch(m -> (name + "-two").equals(m.getName())), "mounts the renamed volume");
        assertEquals(200, agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\",\"volumes\":true}")
                .statusCode());
    }

    /** A job that exits with the given code, and an app that waits for it to complete successfully. */
    private static String jobThenApp(String job, int exitCode) {
        return """
                services:
                  %2$s:
                    image: %1$s
                    command: ["sh", "-c", "exit %3$d"]
                  app:
                    image: %1$s
                    command: sleep 600
                    stop_grace_period: 1s
                    depends_on:
                      %2$s:
                        condition: service_completed_successfully
                """.formatted(TestDocker.busybox(), job, exitCode);
    }

    @Test
    void aJobOthersWaitOnThatExitedZeroLeavesTheStackRunning() {
        String name = name("job");
        String yaml = jobThenApp("migrate", 0);
        HttpResponse<String> deployed = agent.post("/agent/docker/deploy/compose", body(name, yaml, Map.of()));
        assertEquals(200, deployed.statusCode(), deployed.body());
        JsonNode stack = RunningAgent.json(agent.get("/agent/docker/compose/" + name));
        assertEquals("running", stack.path("status").asText(), stack.toString());
        for (JsonNode service : stack.path("services")) {
            assertEquals(service.path("name").asText().equals("migrate") ? "completed" : "running",
                    service.path("state").asText(), service.toString());
        }
        // Without the job in the file, its container is an orphan: left alone, and named in a warning.
        String withoutJob = """
                services:
                  app:
                    image: %s
                    command: sleep 600
                    stop_grace_period: 1s
                """.formatted(TestDocker.busybox());
        JsonNode redeployed = RunningAgent.json(agent.post("/agent/docker/deploy/compose", body(name, withoutJob,
                Map.of())));
        assertTrue(texts(redeployed.path("warnings")).stream().anyMatch(w -> w.startsWith("orphan containers "
                + name + "-migrate-1 ")), redeployed.toString());
        assertEquals(200, agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\"}")
                .statusCode());
    }

    @Test
    void aFailedDependencyIsA409AndAnUnknownNetworkA400WithTheirCodeOnTheStreamToo() throws Exception {
        String name = name("depfail");
        String failing = jobThenApp("job", 3);
        JsonNode error = assertError(agent.post("/agent/docker/deploy/compose", body(name, failing, Map.of())), 409,
                "deploy_failed");
        assertTrue(error.path("message").asText().contains("exited with code 3"), error.toString());
        // The service the failed deploy never made is listed, so the stack does not look deployed.
        JsonNode stack = RunningAgent.json(agent.get("/agent/docker/compose/" + name));
        assertEquals("stopped", stack.path("status").asText(), stack.toString());
        assertTrue(stack.path("services").findValuesAsText("name").contains("app"), stack.toString());
        for (JsonNode service : stack.path("services")) {
            if (service.path("name").asText().equals("app")) {
                assertEquals("missing", service.path("state").asText(), stack.toString());
                assertTrue(service.path("containers").isEmpty(), stack.toString());
            }
        }
        List<JsonNode> lines = stream(body(name, failing, Map.of()));
        JsonNode last = lines.get(lines.size() - 1);
        assertEquals("error", last.path("status").asText(), last.toString());
        assertEquals("deploy_failed", last.path("error").asText(), last.toString());
        String unknownNetwork = """
                services:
                  app:
                    image: %s
                    command: sleep 600
                    network_mode: NO-SUCH-NETWORK-%s
                """.formatted(TestDocker.busybox(), scope.id());
        // Under this agent's filter a network in network_mode is refused before Docker is asked (it answered 400).
        JsonNode unknown = assertError(agent.post("/agent/docker/deploy/compose", body(name, unknownNetwork,
                Map.of())), 400, "bad_request");
        assertTrue(unknown.path("message").asText().contains("services.app.network_mode"), unknown.toString());
        assertEquals(200, agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\"}")
                .statusCode());
    }

    @Test
    void aStackDockerComposeMadeCanBeRedeployedThroughTheAgent() throws Exception {
        assumeDockerCompose();
        String name = name("dcre");
        // docker-compose 1.x makes every network attachable; the agent's file does not ask for that.
        String compose = """
                services:
                  app:
                    image: %1$s
                    command: sleep 600
                    stop_grace_period: 1s
                    labels:
                      %2$s: "%3$s"
                networks:
                  default:
                    labels:
                      %2$s: "%3$s"
                    ipam:
                      config:
                        - subnet: 10.232.9.0/24
                """.formatted(TestDocker.busybox(), DockerScope.LABEL, scope.id());
        java.nio.file.Path dir = Files.createTempDirectory("bollard-dc");
        Files.writeString(dir.resolve("compose.yaml"), compose);
        assertEquals(0, dockerCompose(name, dir, "up", "-d"));
        try {
            ObjectNode body = RunningAgent.JSON.createObjectNode().put("name", name).put("compose", compose);
            HttpResponse<String> deployed = agent.post("/agent/docker/deploy/compose", body.toString());
            assertEquals(200, deployed.statusCode(), deployed.body());
            assertEquals("running", inspect(name + "-app-1").path("state").asText());
        } finally {
            agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\"}");
            dockerCompose(name, dir, "down");
            Files.delete(dir.resolve("compose.yaml"));
            Files.delete(dir);
        }
    }

    @Test
    void aStackDockerComposeMadeIsListedAndCanBeStoppedAndRemoved() throws Exception {
        assumeDockerCompose();
        String name = name("dc");
        java.nio.file.Path dir = Files.createTempDirectory("bollard-dc");
        Files.writeString(dir.resolve("compose.yaml"), """
                services:
                  app:
                    image: %s
                    command: sleep 600
                    stop_grace_period: 1s
                    labels:
                      %s: "%s"
                """.formatted(TestDocker.busybox(), DockerScope.LABEL, scope.id()));
        assertEquals(0, dockerCompose(name, dir, "up", "-d"));
        try {
            JsonNode listed = null;
            for (JsonNode s : RunningAgent.json(agent.get("/agent/docker/compose"))) {
                if (s.path("name").asText().equals(name)) {
                    listed = s;
                }
            }
            assertEquals("external", listed.path("source").asText(), String.valueOf(listed));
            assertEquals("running", listed.path("status").asText());
            assertEquals("app", listed.path("services").path(0).path("name").asText());
            JsonNode one = RunningAgent.json(agent.get("/agent/docker/compose/" + name));
            assertTrue(one.path("compose").isMissingNode() || one.path("compose").isNull(), one.toString());
            assertEquals(List.of("stop container " + name + "_app_1"), texts(RunningAgent.json(
                    agent.post("/agent/docker/compose/stop", "{\"name\":\"" + name + "\"}")).path("operations")));
            JsonNode removed = RunningAgent.json(agent.post("/agent/docker/compose/remove",
                    "{\"name\":\"" + name + "\"}"));
            assertTrue(texts(removed.path("operations")).contains("remove container " + name + "_app_1"),
                    removed.toString());
            assertError(agent.get("/agent/docker/compose/" + name), 404, "not_found");
        } finally {
            dockerCompose(name, dir, "down");
            Files.delete(dir.resolve("compose.yaml"));
            Files.delete(dir);
        }
    }

    private static List<JsonNode> stream(String body) throws Exception {
        HttpRequest request = agent.authed("/agent/docker/deploy/stream")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> future = agent.http().sendAsync(request,
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> response = future.get();
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("application/x-ndjson"));
        List<JsonNode> lines = new ArrayList<>();
        response.body().forEach(line -> {
            try {
                lines.add(RunningAgent.JSON.readTree(line));
            } catch (java.io.IOException e) {
                throw new AssertionError(line, e);
            }
        });
        return lines;
    }

    /** Skips a test where Docker Compose 1.x (the reference peer) is not installed. */
    private static void assumeDockerCompose() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("docker-compose", "version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0,
                "docker-compose is not installed");
    }

    /** Runs docker-compose on the project's {@code compose.yaml} in {@code dir}; returns its exit code. */
    private static int dockerCompose(String project, java.nio.file.Path dir, String... command) throws Exception {
        List<String> args = new ArrayList<>(List.of("docker-compose", "-p", project, "-f",
                dir.resolve("compose.yaml").toString()));
        args.addAll(List.of(command));
        return new ProcessBuilder(args).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start().waitFor();
    }
}
