package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import io.bollard.testing.DockerScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code DOCKER_FILTER} in force, a hidden container is a 404 on every route, by id, id prefix and name, and
 * is never listed; callers' own filters cannot widen what the agent shows.
 */
class FilterEnforcementIT {

    private static RunningAgent agent;
    private static DockerScope scope;
    private static String visible;
    private static String hidden;
    private static String filterLabel;

    @BeforeAll
    static void start() {
        scope = new DockerScope();
        filterLabel = "io.bollard.test.visible-" + scope.id();
        agent = RunningAgent.start(Map.of("DOCKER_FILTER", "label=" + filterLabel + "=yes"));
        visible = scope.run(scope.name("shown"), Map.of(filterLabel, "yes"), "sh", "-c", "echo visible; sleep 300");
        hidden = scope.run(scope.name("hidden"), Map.of(filterLabel, "no"), "sh", "-c", "echo secret; sleep 300");
    }

    @AfterAll
    static void stop() {
        scope.close();
        agent.close();
    }

    @Test
    void listShowsOnlyVisibleContainers() {
        List<String> ids = ContainerQueryIT.ids(RunningAgent.json(agent.get("/agent/docker/containers?all=true")));
        assertTrue(ids.contains(visible));
        assertFalse(ids.contains(hidden));
    }

    @Test
    void callerFiltersCannotWiden() {
        String wide = URLEncoder.encode("{\"label\":[\"" + filterLabel + "=no\"]}", StandardCharsets.UTF_8);
        assertEquals(List.of(), ContainerQueryIT.ids(RunningAgent.json(
                agent.get("/agent/docker/containers?all=true&filters=" + wide))));
        String byName = URLEncoder.encode("{\"name\":[\"" + scope.name("hidden") + "\"]}", StandardCharsets.UTF_8);
        assertEquals(List.of(), ContainerQueryIT.ids(RunningAgent.json(
                agent.get("/agent/docker/containers?all=true&filters=" + byName))));
        String byId = URLEncoder.encode("{\"id\":[\"" + hidden + "\"]}", StandardCharsets.UTF_8);
        assertEquals(List.of(), ContainerQueryIT.ids(RunningAgent.json(
                agent.get("/agent/docker/containers?all=true&filters=" + byId))));
    }

    @Test
    void hiddenContainerIsA404OnEveryRouteByEveryReference() {
        for (String ref : List.of(hidden, hidden.substring(0, 12), hidden.substring(0, 5), scope.name("hidden"))) {
            Map<String, Function<String, HttpResponse<String>>> routes = Map.of(
                    "inspect", r -> agent.get("/agent/docker/containers/" + r),
                    "start", r -> agent.post("/agent/docker/containers/" + r + "/start", null),
                    "stop", r -> agent.post("/agent/docker/containers/" + r + "/stop", null),
                    "restart", r -> agent.post("/agent/docker/containers/" + r + "/restart", null),
                    "remove", r -> agent.delete("/agent/docker/containers/" + r + "?force=true"),
                    "edit", r -> agent.put("/agent/docker/containers/" + r, "{\"env\":[\"A=b\"]}"),
                    "logs", r -> agent.get("/agent/docker/containers/" + r + "/logs"),
                    "stats", r -> agent.get("/agent/docker/containers/" + r + "/stats"));
            routes.forEach((route, call) -> {
                HttpResponse<String> answer = call.apply(ref);
                JsonNode error = assertError(answer, 404, "not_found");
                assertEquals("No such container: " + ref, error.path("message").asText(), route + " " + ref);
                assertFalse(answer.body().contains("secret"), route);
            });
        }
        // Nothing happened to it.
        var state = scope.docker().inspectContainerCmd(hidden).exec();
        assertEquals("running", state.getState().getStatus());
        assertEquals(hidden, state.getId());
    }

    @Test
    void hiddenAnd404AnswersAreAlike() {
        JsonNode missing = RunningAgent.json(agent.get("/agent/docker/containers/nonexistent-" + scope.id()));
        JsonNode hiddenAnswer = RunningAgent.json(agent.get("/agent/docker/containers/" + scope.name("hidden")));
        assertEquals(missing.path("error"), hiddenAnswer.path("error"));
        assertEquals(missing.path("message").asText().replace("nonexistent-" + scope.id(), "X"),
                hiddenAnswer.path("message").asText().replace(scope.name("hidden"), "X"));
    }

    @Test
    void anIdPrefixAHiddenContainerSharesNamesTheVisibleOneOrNothing() {
        // A hidden container whose id starts as the visible one's: Docker finds that prefix ambiguous. The prefix
        // must be one no other visible container (made by the other tests) starts with, or it is ambiguous to the
        // agent too. Ids are random, one first character in 16: 256 tries miss with a chance below one in ten
        // million.
        List<String> otherVisible = scope.docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(filterLabel, "yes")).exec().stream()
                .map(com.github.dockerjava.api.model.Container::getId).filter(id -> !id.equals(visible)).toList();
        String twin = null;
        String prefix = null;
        List<String> others = new java.util.ArrayList<>();
        for (int i = 0; i < 256 && twin == null; i++) {
            String id = scope.create(scope.name("twin" + i), Map.of(filterLabel, "no"), c -> { }, "true");
            String shared = visible.substring(0, commonPrefix(id, visible));
            if (!shared.isEmpty() && otherVisible.stream().noneMatch(o -> o.startsWith(shared))) {
                twin = id;
                prefix = shared;
            } else {
                others.add(id);
            }
        }
        others.forEach(id -> scope.docker().removeContainerCmd(id).exec());
        Assumptions.assumeTrue(twin != null, () -> "no id of " + others.size() + " shared a prefix with "
                + visible + " that no other visible container has: " + others.stream()
                .map(id -> id.substring(0, 1)).toList() + ", other visible " + otherVisible);
        // No visible container but this one starts so (others on the engine are hidden too): it is the one meant.
        HttpResponse<String> inspected = agent.get("/agent/docker/containers/" + prefix);
        assertEquals(200, inspected.statusCode(), inspected.body());
        assertEquals(visible, RunningAgent.json(inspected).path("id").asText());
        assertEquals(200, agent.get("/agent/docker/containers/" + prefix + "/logs").statusCode());
        // A prefix only hidden containers share is as missing as any other.
        String hiddenOnly = twin.substring(0, prefix.length() + 1);
        JsonNode error = assertError(agent.get("/agent/docker/containers/" + hiddenOnly), 404, "not_found");
        assertEquals("No such container: " + hiddenOnly, error.path("message").asText());
        scope.docker().removeContainerCmd(twin).exec();
    }

    @Test
    void anIdPrefixTwoVisibleContainersShareIsAmbiguous() {
        String sibling = null;
        List<String> others = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 256 && sibling == null; i++) {
                String id = scope.create(scope.name("sibling" + i), Map.of(filterLabel, "yes"), c -> { }, "true");
                if (id.charAt(0) == visible.charAt(0)) {
                    sibling = id;
                } else {
                    others.add(id);
                }
            }
            others.forEach(id -> scope.docker().removeContainerCmd(id).exec());
            Assumptions.assumeTrue(sibling != null, "no id shared the visible container's first character");
            JsonNode error = assertError(agent.get("/agent/docker/containers/" + visible.substring(0, 1)), 400,
                    "bad_request");
            assertTrue(error.path("message").asText().contains("matches more than one container"), error.toString());
        } finally {
            if (sibling != null) {
                scope.docker().removeContainerCmd(sibling).exec();
            }
        }
    }

    @Test
    void aVisibleContainerThatJoinsAHiddenOneDoesNotNameIt() {
        String joined = scope.run(scope.name("joins"), Map.of(filterLabel, "yes"), c -> c.getHostConfig()
                .withNetworkMode("container:" + hidden).withPidMode("container:" + hidden)
                .withVolumesFrom(new com.github.dockerjava.api.model.VolumesFrom(scope.name("hidden"))),
                "sleep", "300");
        HttpResponse<String> details = agent.get("/agent/docker/containers/" + joined);
        assertEquals(200, details.statusCode(), details.body());
        assertFalse(details.body().contains(hidden.substring(0, 12)), details.body());
        assertFalse(details.body().contains(scope.name("hidden")), details.body());
        JsonNode host = RunningAgent.json(details).path("raw").path("HostConfig");
        assertEquals("container:hidden", host.path("NetworkMode").asText(), host.toString());
        assertEquals("container:hidden", RunningAgent.json(details).path("network_mode").asText());
    }

    private static int commonPrefix(String a, String b) {
        int n = 0;
        while (n < a.length() && n < b.length() && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        return n;
    }

    @Test
    void visibleContainerWorksByEveryReference() {
        for (String ref : List.of(visible, visible.substring(0, 12), scope.name("shown"))) {
            assertEquals(200, agent.get("/agent/docker/containers/" + ref).statusCode(), ref);
        }
        assertTrue(agent.get("/agent/docker/containers/" + visible + "/logs").body().contains("visible"));
    }

    @Test
    void hiddenContainerSocketsAreRefused() throws Exception {
        for (String path : List.of("/logs/ws", "/stats/ws")) {
            WebSockets.Session ws = WebSockets.open(agent, "/agent/docker/containers/" + scope.name("hidden") + path);
            WebSockets.Closed closed = ws.awaitClose();
            assertEquals(4404, closed.code(), path);
            assertTrue(ws.frames().isEmpty(), "frames from a hidden container: " + ws.frames());
        }
    }

    @Test
    void infoShowsTheFilter() {
        JsonNode info = RunningAgent.json(agent.get("/agent/info"));
        assertEquals("label=" + filterLabel + "=yes", info.path("filter").asText());
    }

    @Test
    void editCannotHideAContainer() {
        String id = scope.run(scope.name("keep"), Map.of(filterLabel, "yes"), "sleep", "300");
        assertError(agent.put("/agent/docker/containers/" + id, "{\"labels\":{\"other\":\"x\"}}"), 400, "bad_request");
        assertEquals(id, scope.docker().inspectContainerCmd(scope.name("keep")).exec().getId());
    }

    @Test
    void anEditKeepsAHostFolderAsNarrowAsItWas() throws java.io.IOException {
        java.nio.file.Path folder = java.nio.file.Files.createTempDirectory("bollard-it-ro");
        try {
            String name = scope.name("readonly");
            scope.run(name, Map.of(filterLabel, "yes"), c -> c.getHostConfig().withBinds(new Bind(folder.toString(),
                    new Volume("/ro"), AccessMode.ro)), "sleep", "300");
            // An outside audit made an operator's read-only bind writable so.
            JsonNode writable = assertError(agent.put("/agent/docker/containers/" + name,
                    "{\"volumes\": [\"" + folder + ":/ro\"]}"), 400, "bad_request");
            assertTrue(writable.path("message").asText().contains(folder + " stays read-only"), writable.toString());
            JsonNode relabel = assertError(agent.put("/agent/docker/containers/" + name,
                    "{\"volumes\": [\"" + folder + ":/ro:ro,Z\"]}"), 400, "bad_request");
            assertTrue(relabel.path("message").asText().contains("cannot be mounted with Z"), relabel.toString());
            // A volume Docker would make for the edit gets no filter label: no one could see or remove it.
            String missing = "bollard-it-missing-" + scope.id();
            assertError(agent.put("/agent/docker/containers/" + name, "{\"volumes\": [\"" + folder + ":/ro:ro\", \""
                    + missing + ":/m\"]}"), 404, "not_found");
            assertTrue(scope.docker().listVolumesCmd().exec().getVolumes().stream()
                    .noneMatch(v -> v.getName().equals(missing)));
            var moved = agent.put("/agent/docker/containers/" + name, "{\"volumes\": [\"" + folder + ":/data:ro\"]}");
            assertEquals(200, moved.statusCode(), moved.body());
            var mount = scope.docker().inspectContainerCmd(name).exec().getMounts().getFirst();
            assertEquals("/data", mount.getDestination().getPath());
            assertFalse(mount.getRW());
        } finally {
            java.nio.file.Files.deleteIfExists(folder);
        }
    }

    @Test
    void noRouteClimbsToAnotherDockerEndpoint() {
        // docker-java puts names into Docker's URL as they are: ../containers/X would inspect or remove X.
        for (String climb : List.of("..%2Fcontainers%2F" + hidden, "x%2F..%2F..%2Fcontainers%2F" + scope.name("hidden"),
                "..%2Fvolumes%2Fanything")) {
            assertError(agent.get("/agent/docker/images/" + climb), 400, "bad_request");
            assertError(agent.delete("/agent/docker/images/" + climb + "?force=true"), 400, "bad_request");
        }
        assertError(agent.get("/agent/docker/containers/%2F..%2Fjson"), 404, "not_found");
        assertError(agent.get("/agent/docker/files?volume=x%2F..&path=/"), 404, "not_found");
        assertTrue(scope.docker().inspectContainerCmd(hidden).exec().getState().getRunning(), "still there");
    }

    @Test
    void beforeAndSinceCannotTellThatAHiddenContainerExists() {
        for (String key : List.of("before", "since")) {
            for (String ref : List.of(scope.name("hidden"), hidden, scope.name("never-made"))) {
                String filters = URLEncoder.encode("{\"" + key + "\":[\"" + ref + "\"]}", StandardCharsets.UTF_8);
                assertError(agent.get("/agent/docker/containers?all=true&filters=" + filters), 404, "not_found");
            }
            String filters = URLEncoder.encode("{\"" + key + "\":[\"" + scope.name("shown") + "\"]}",
                    StandardCharsets.UTF_8);
            assertEquals(200, agent.get("/agent/docker/containers?all=true&filters=" + filters).statusCode());
        }
    }

    @Test
    void aNameConflictDoesNotNameTheHiddenContainer() {
        String id = scope.run(scope.name("renamer"), Map.of(filterLabel, "yes"), "sleep", "300");
        JsonNode error = assertError(agent.put("/agent/docker/containers/" + id,
                "{\"name\":\"" + scope.name("hidden") + "\"}"), 409, "conflict");
        assertFalse(error.path("message").asText().contains(hidden.substring(0, 12)), error.toString());
        assertEquals(id, scope.docker().inspectContainerCmd(scope.name("renamer")).exec().getId());
    }

    @Test
    void aStackWithAHiddenContainerHasNoFiles() throws Exception {
        String stack = "hidden-" + scope.id().toLowerCase(java.util.Locale.ROOT);
        scope.run(scope.name("stack-member"), Map.of(filterLabel, "no", "com.docker.compose.project", stack),
                "sleep", "300");
        java.nio.file.Path folder = java.nio.file.Files.createDirectories(agent.dataDir().resolve("stacks/" + stack));
        java.nio.file.Files.writeString(folder.resolve(".env"), "SECRET=hunter2\n");
        assertError(agent.get("/agent/docker/files/read?stack=" + stack + "&path=.env"), 404, "not_found");
        assertError(agent.get("/agent/docker/files?stack=" + stack + "&path=/"), 404, "not_found");
        assertError(agent.post("/agent/docker/files/write", "{\"stack\":\"" + stack
                + "\",\"path\":\"compose.yaml\",\"content\":\"x\"}"), 404, "not_found");
        assertFalse(java.nio.file.Files.exists(folder.resolve("compose.yaml")));
    }

    @Test
    void anImageCommittedFromAHiddenContainerDoesNotNameIt() {
        String repository = "bollard-it/committed-" + scope.id().toLowerCase(java.util.Locale.ROOT);
        String image = scope.docker().commitCmd(hidden).withRepository(repository).withTag("v1").exec();
        try {
            JsonNode details = RunningAgent.json(agent.get("/agent/docker/images/" + repository + ":v1"));
            assertEquals(image, details.path("id").asText());
            assertFalse(details.toString().contains(hidden.substring(0, 12)), details.toString());
        } finally {
            scope.docker().removeImageCmd(image).withForce(true).exec();
        }
    }

    @Test
    void anImageAHiddenContainerUsesCannotBeRemovedEvenByForce() {
        String repository = "bollard-it/hidden-user-" + scope.id().toLowerCase(java.util.Locale.ROOT);
        String image = scope.docker().commitCmd(hidden).withRepository(repository).withTag("v1").exec();
        String user = null;
        try {
            // A stopped hidden container made from it: Docker's force would take the image away from under it.
            user = scope.create(scope.name("hidden-user"), Map.of(filterLabel, "no"), c -> c.withImage(image), "true");
            for (String ref : List.of(repository + ":v1", image, image.substring(7, 19))) {
                JsonNode refused = assertError(agent.delete("/agent/docker/images/" + ref + "?force=true"), 409,
                        "conflict");
                assertEquals("image " + ref + " is in use by a container", refused.path("message").asText());
            }
            assertEquals(image, scope.docker().inspectImageCmd(image).exec().getId());
            // One of several tags goes: the image stays, and the answer says so.
            scope.docker().tagImageCmd(image, repository, "v2").exec();
            JsonNode untagged = RunningAgent.json(agent.delete("/agent/docker/images/" + repository + ":v2"));
            assertEquals(image, untagged.path("image_id").asText());
            assertFalse(untagged.path("deleted").asBoolean(), untagged.toString());
            assertEquals(List.of(repository + ":v1"), scope.docker().inspectImageCmd(image).exec().getRepoTags());
            // Two tags removed at once, each seeing the other: neither may take the image (Docker decides, unforced).
            scope.docker().tagImageCmd(image, repository, "v2").exec();
            for (int round = 0; round < 3; round++) {
                var first = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                        agent.delete("/agent/docker/images/" + repository + ":v1?force=true").statusCode());
                var second = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                        agent.delete("/agent/docker/images/" + repository + ":v2?force=true").statusCode());
                assertTrue(List.of(first.join(), second.join()).contains(409), "one of them is the last tag");
                assertEquals(image, scope.docker().inspectImageCmd(image).exec().getId());
                List<String> left = scope.docker().inspectImageCmd(image).exec().getRepoTags();
                for (String tag : List.of("v1", "v2")) {
                    if (!left.contains(repository + ":" + tag)) {
                        scope.docker().tagImageCmd(image, repository, tag).exec();
                    }
                }
            }
            scope.docker().removeImageCmd(repository + ":v2").exec();
            // A tag spelled as a prefix of the image's id is the id to Docker.
            String prefix = image.substring(7, 19);
            scope.docker().tagImageCmd(image, prefix, "latest").exec();
            assertError(agent.delete("/agent/docker/images/" + prefix + "?force=true"), 409, "conflict");
            assertEquals(image, scope.docker().inspectImageCmd(image).exec().getId());
            scope.docker().removeImageCmd(prefix + ":latest").exec();
            // Once no hidden container uses it, its last tag takes the image with it.
            scope.docker().removeContainerCmd(user).withForce(true).exec();
            user = null;
            JsonNode deleted = RunningAgent.json(agent.delete("/agent/docker/images/" + repository + ":v1"));
            assertTrue(deleted.path("deleted").asBoolean(), deleted.toString());
        } finally {
            if (user != null) {
                scope.docker().removeContainerCmd(user).withForce(true).exec();
            }
            try {
                scope.docker().removeImageCmd(image).withForce(true).exec();
            } catch (com.github.dockerjava.api.exception.NotFoundException removedByTheTest) {
                // Gone already.
            }
        }
    }

    @Test
    void anEditCannotMountWhatTheFilterHides() {
        String hiddenVolume = scope.name("hidden-vol");
        scope.docker().createVolumeCmd().withName(hiddenVolume).withLabels(Map.of(filterLabel, "no",
                io.bollard.testing.DockerScope.LABEL, scope.id())).exec();
        String id = scope.run(scope.name("mounter"), Map.of(filterLabel, "yes"), "sleep", "300");
        assertError(agent.put("/agent/docker/containers/" + id, "{\"volumes\":[\"" + hiddenVolume + ":/h\"]}"),
                404, "not_found");
        String dockerRoot = scope.docker().infoCmd().exec().getDockerRootDir();
        assertError(agent.put("/agent/docker/containers/" + id, "{\"volumes\":[\"" + dockerRoot + "/volumes/"
                + hiddenVolume + "/_data:/h:ro\"]}"), 400, "bad_request");
        assertError(agent.put("/agent/docker/containers/" + id, "{\"volumes\":[\"/:/h:ro\"]}"), 400, "bad_request");
        assertEquals(id, scope.docker().inspectContainerCmd(scope.name("mounter")).exec().getId(), "unchanged");
    }

}
