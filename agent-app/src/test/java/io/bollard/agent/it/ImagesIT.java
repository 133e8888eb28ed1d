package io.bollard.agent.it;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.bollard.testing.DockerScope;
import io.bollard.testing.TestDocker;
import io.bollard.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The images plugin against a real registry on loopback: list, inspect, pull (plain and streamed, open and with
 * credentials), remove and prune.
 */
class ImagesIT {

    private static final String USER = "bollard";
    private static final String PASSWORD = "s3cret-Pa55word-" + System.nanoTime();

    private static RunningAgent agent;
    private static DockerScope scope;
    private static TestRegistry open;
    private static TestRegistry locked;
    private static String openImage;
    private static String lockedImage;
    private static final List<String> TAGS = new ArrayList<>();

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(TestRegistry.available(), "needs Debian's docker-registry");
        agent = RunningAgent.start();
        scope = new DockerScope();
        open = TestRegistry.start();
        locked = TestRegistry.start(USER, PASSWORD);
        LogAudit.remember(PASSWORD);
        LogAudit.remember(java.util.Base64.getEncoder().encodeToString(
                (USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        openImage = push(open, null);
        lockedImage = push(locked, new AuthConfig().withUsername(USER).withPassword(PASSWORD)
                .withRegistryAddress(locked.address()));
    }

    @AfterAll
    static void stop() {
        if (agent == null) {
            return;
        }
        scope.close();
        for (String tag : TAGS) {
            try {
                scope.docker().removeImageCmd(tag).withForce(true).exec();
            } catch (NotFoundException gone) {
                // Removed by the test.
            }
        }
        open.close();
        locked.close();
        agent.close();
    }

    /** Tags the busybox test image into the registry, pushes it, and removes the local tag. */
    private static String push(TestRegistry registry, AuthConfig auth) {
        DockerClient docker = TestDocker.client();
        String repo = registry.address() + "/bollard-it/busybox";
        String tag = scope.id();
        docker.tagImageCmd(TestDocker.busybox(), repo, tag).exec();
        var push = docker.pushImageCmd(repo).withTag(tag);
        if (auth != null) {
            push.withAuthConfig(auth);
        }
        try {
            push.exec(new ResultCallback.Adapter<PushResponseItem>() {
                @Override
                public void onNext(PushResponseItem item) {
                    if (item.isErrorIndicated()) {
                        throw new IllegalStateException("push failed: " + item.getErrorDetail().getMessage());
                    }
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        String image = repo + ":" + tag;
        docker.removeImageCmd(image).exec();
        TAGS.add(image);
        return image;
    }

    private static boolean present(String image) {
        try {
            scope.docker().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Test
    void pullAnswersWhenDone() {
        JsonNode result = RunningAgent.json(agent.post("/agent/docker/images/pull", "{\"image\":\"" + openImage + "\"}"));
        assertEquals("pulled", result.path("status").asText());
        assertTrue(result.path("id").asText().startsWith("sha256:"), result.toString());
        assertTrue(present(openImage));
    }

    @Test
    void pullStreamsProgressAsNdjson() {
        if (present(openImage)) {
            scope.docker().removeImageCmd(openImage).withForce(true).exec();
        }
        HttpResponse<String> r = agent.send(agent.authed("/agent/docker/images/pull")
                .header("Content-Type", "application/json").header("Accept", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"image\":\"" + openImage + "\"}")).build());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/x-ndjson"));
        List<JsonNode> lines = r.body().lines().map(ContainerLogsIT::parse).toList();
        assertTrue(lines.size() >= 2, r.body());
        assertTrue(lines.stream().anyMatch(l -> l.path("status").asText().contains("Pull")), r.body());
        JsonNode last = lines.get(lines.size() - 1);
        assertEquals("pulled", last.path("status").asText(), r.body());
        assertTrue(last.path("id").asText().startsWith("sha256:"), last.toString());
        assertEquals(openImage, last.path("image").asText(), "the reference pulled, as in the plain answer");
        assertTrue(present(openImage));
    }

    @Test
    void unknownImageIsA404WithTheRegistrysMessage() {
        String missing = open.address() + "/bollard-it/nothing-here:" + scope.id();
        JsonNode error = assertError(agent.post("/agent/docker/images/pull", "{\"image\":\"" + missing + "\"}"), 404,
                "not_found");
        assertTrue(error.path("message").asText().contains("manifest unknown")
                || error.path("message").asText().contains("not found"), error.toString());
        HttpResponse<String> streamed = agent.send(agent.authed("/agent/docker/images/pull")
                .header("Content-Type", "application/json").header("Accept", "application/x-ndjson")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"image\":\"" + missing + "\"}")).build());
        List<JsonNode> lines = streamed.body().lines().map(ContainerLogsIT::parse).toList();
        JsonNode last = lines.get(lines.size() - 1);
        assertEquals("error", last.path("status").asText(), streamed.body());
        assertEquals("not_found", last.path("error").asText());
    }

    @Test
    void badPullRequestsAreA400() {
        assertError(agent.post("/agent/docker/images/pull", "{}"), 400, "bad_request");
        // Not a name to pull from a registry: a number or a list is refused as it came.
        assertError(agent.post("/agent/docker/images/pull", "{\"image\":5}"), 400, "bad_request");
        assertError(agent.post("/agent/docker/images/pull", "{\"image\":[\"busybox\"]}"), 400, "bad_request");
        // The POST routes answer other methods with 405 and Allow: POST, though {+ref} could take their names for
        // images (GET, DELETE) and Micronaut counts those routes' methods among theirs (PUT, PATCH).
        for (String route : List.of("pull", "prune")) {
            String path = "/agent/docker/images/" + route;
            for (HttpResponse<String> refused : List.of(agent.get(path), agent.delete(path), agent.put(path, "{}"),
                    agent.send(agent.authed(path).method("PATCH", java.net.http.HttpRequest.BodyPublishers.noBody())
                            .build()))) {
                JsonNode error = assertError(refused, 405, "method_not_allowed");
                assertEquals(List.of("POST"), refused.headers().allValues("Allow"), refused.request().method());
                assertEquals(path + " takes POST only", error.path("message").asText());
            }
        }
        assertError(agent.post("/agent/docker/images/pull", "{\"image\":\"bad image name\"}"), 400, "bad_request");
        // A refused value is quoted, but a huge one is not sent back whole.
        HttpResponse<String> huge = agent.post("/agent/docker/images/pull", "{\"image\":\"" + "a".repeat(300_000) + "\"}");
        assertError(huge, 400, "bad_request");
        assertTrue(huge.body().length() < 10_000 && huge.body().contains(" more characters)"),
                huge.body().length() + " characters");
        assertError(agent.post("/agent/docker/images/pull", "{\"image\":\"a\",\"registry_auth\":\"%%%\"}"), 400,
                "bad_request");
        assertError(agent.post("/agent/docker/images/pull", "{\"image\":\"a\",\"registry_auth\":{}}"), 400,
                "bad_request");
        // A body that is not JSON: the answer does not quote it (a password, here) nor name the agent's classes.
        JsonNode unreadable = assertError(agent.post("/agent/docker/images/pull",
                "{\"image\":\"a\",\"registry_auth\":{\"password\":S3cretPassw0rdX}}"), 400, "bad_request");
        assertFalse(unreadable.toString().contains("S3cret"), unreadable.toString());
        assertFalse(unreadable.toString().contains("io.bollard"), unreadable.toString());
        for (String ref : List.of("..%2Fcontainers%2Fx", "UPPER", "a%3Fforce%3D1")) {
            assertError(agent.get("/agent/docker/images/" + ref), 400, "bad_request");
        }
    }

    @Test
    void pullTakesThePlatformAskedFor() {
        String image = open.address() + "/bollard-it/multi:" + scope.id();
        open.publishMultiPlatform("bollard-it/multi", scope.id(), "amd64", "arm64");
        TAGS.add(image);
        JsonNode arm = RunningAgent.json(agent.post("/agent/docker/images/pull",
                "{\"image\":\"" + image + "\",\"platform\":\"linux/arm64\"}"));
        assertEquals("pulled", arm.path("status").asText(), arm.toString());
        assertEquals("arm64", scope.docker().inspectImageCmd(image).exec().getArch());

        scope.docker().removeImageCmd(image).withForce(true).exec();
        agent.post("/agent/docker/images/pull", "{\"image\":\"" + image + "\"}");
        assertEquals("amd64", scope.docker().inspectImageCmd(image).exec().getArch(), "the host's, when not asked");

        assertError(agent.post("/agent/docker/images/pull", "{\"image\":\"" + image + "\",\"platform\":\"linux/s390x\"}"),
                404, "not_found");
        for (String bad : List.of("\"Linux/ARM64\"", "\"linux//arm64\"", "\"linux/arm64?x=1\"", "64", "[\"linux/arm64\"]")) {
            assertError(agent.post("/agent/docker/images/pull", "{\"image\":\"" + image + "\",\"platform\":" + bad + "}"),
                    400, "bad_request");
        }
    }

    @Test
    void credentialsAreUsedForOnePullAndNeverLogged() throws Exception {
        ListAppender<ILoggingEvent> captured = captureAllLogs();
        try {
            JsonNode refused = RunningAgent.json(agent.post("/agent/docker/images/pull",
                    "{\"image\":\"" + lockedImage + "\"}"));
            assertTrue(refused.path("error").asText().startsWith("registry_") || "not_found".equals(
                    refused.path("error").asText()), refused.toString());

            String object = "{\"image\":\"" + lockedImage + "\",\"registry_auth\":{\"username\":\"" + USER
                    + "\",\"password\":\"" + PASSWORD + "\",\"serveraddress\":\"" + locked.address() + "\"}}";
            HttpResponse<String> pulled = agent.post("/agent/docker/images/pull", object);
            assertEquals(200, pulled.statusCode(), pulled.body());
            assertTrue(present(lockedImage));
            scope.docker().removeImageCmd(lockedImage).withForce(true).exec();

            // Docker's config.json form, auth = base64(user:password): Docker's API reads no such field.
            String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> configJson = agent.post("/agent/docker/images/pull", "{\"image\":\"" + lockedImage
                    + "\",\"registry_auth\":{\"auth\":\"" + basic + "\",\"serveraddress\":\"" + locked.address() + "\"}}");
            assertEquals(200, configJson.statusCode(), configJson.body());
            scope.docker().removeImageCmd(lockedImage).withForce(true).exec();

            String header = Base64.getUrlEncoder().encodeToString(("{\"username\":\"" + USER + "\",\"password\":\""
                    + PASSWORD + "\",\"serveraddress\":\"" + locked.address() + "\"}").getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> streamed = agent.send(agent.authed("/agent/docker/images/pull")
                    .header("Content-Type", "application/json").header("Accept", "application/x-ndjson")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"image\":\"" + lockedImage
                            + "\",\"registry_auth\":\"" + header + "\"}")).build());
            assertTrue(streamed.body().contains("\"status\":\"pulled\""), streamed.body());
            assertFalse(streamed.body().contains(PASSWORD));
            // The last line is the plain answer's object.
            String[] lines = streamed.body().trim().split("\n");
            JsonNode last = RunningAgent.JSON.readTree(lines[lines.length - 1]);
            JsonNode plain = RunningAgent.json(pulled);
            assertEquals(plain.path("id").asText(), last.path("id").asText(), last.toString());
            assertEquals(plain.path("image").asText(), last.path("image").asText(), last.toString());
            assertTrue(last.path("id").asText().startsWith("sha256:"), last.toString());

            HttpResponse<String> wrong = agent.post("/agent/docker/images/pull", object.replace(PASSWORD, "wrong-pw"));
            assertTrue(wrong.statusCode() >= 400, wrong.body());
            assertFalse(wrong.body().contains("wrong-pw"));
        } finally {
            stopCapture(captured);
        }
        assertFalse(captured.list.isEmpty(), "the capture saw the agent's logging");
        for (ILoggingEvent event : captured.list) {
            String line = event.getFormattedMessage() + " " + event.getMDCPropertyMap()
                    + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage());
            assertFalse(line.contains(PASSWORD), "password in a log line: " + line);
            assertFalse(line.contains("wrong-pw"), "password in a log line: " + line);
        }
    }

    @Test
    void listInspectRemoveAndPrune() {
        agent.post("/agent/docker/images/pull", "{\"image\":\"" + openImage + "\"}");
        String container = scope.run(scope.name("user"), Map.of(), c -> c.withImage(openImage), "sleep", "300");
        JsonNode list = RunningAgent.json(agent.get("/agent/docker/images"));
        JsonNode mine = null;
        for (JsonNode i : list) {
            for (JsonNode t : i.path("repo_tags")) {
                if (t.asText().equals(openImage)) {
                    mine = i;
                }
            }
        }
        assertTrue(mine != null, "pulled image listed: " + list);
        assertEquals(open.address() + "/bollard-it/busybox", mine.path("repo").asText());
        assertTrue(mine.path("size").asLong() > 1_000_000);
        assertTrue(mine.path("containers").asInt() >= 1, mine.toString());
        assertFalse(mine.path("created").asText().isEmpty());

        JsonNode inspected = RunningAgent.json(agent.get("/agent/docker/images/" + openImage));
        assertEquals(mine.path("id").asText(), inspected.path("id").asText());
        assertEquals(mine.path("id").asText(), inspected.path("raw").path("Id").asText());
        assertError(agent.get("/agent/docker/images/" + open.address() + "/nothing:here"), 404, "not_found");

        JsonNode inUse = assertError(agent.delete("/agent/docker/images/" + mine.path("id").asText()), 409, "conflict");
        assertFalse(inUse.path("message").asText().isBlank());
        scope.docker().removeContainerCmd(container).withForce(true).exec();
        JsonNode removed = RunningAgent.json(agent.delete("/agent/docker/images/" + openImage));
        assertEquals(mine.path("id").asText(), removed.path("image_id").asText());
        // The pushed image is the tests' busybox: the image itself stays under that tag.
        assertFalse(removed.path("deleted").asBoolean(), removed.toString());
        assertFalse(present(openImage));
        assertError(agent.delete("/agent/docker/images/" + openImage), 404, "not_found");

        JsonNode pruned = RunningAgent.json(agent.post("/agent/docker/images/prune", "{\"dangling_only\": true}"));
        assertTrue(pruned.path("dangling_only").asBoolean());
        assertTrue(pruned.path("reclaimed_bytes").asLong() >= 0);
    }

    private static ListAppender<ILoggingEvent> captureAllLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Map<String, Level> before = new HashMap<>();
        for (String name : List.of(Logger.ROOT_LOGGER_NAME, "io.bollard", "com.github.dockerjava", "io.micronaut")) {
            Logger logger = context.getLogger(name);
            before.put(name, logger.getLevel());
            logger.setLevel(Level.TRACE);
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        // Trace output is for the assertion, not the build log.
        CONSOLE.set(root.getAppender("STDOUT"));
        root.detachAppender("STDOUT");
        root.addAppender(appender);
        SAVED_LEVELS.set(before);
        return appender;
    }

    private static void stopCapture(ListAppender<ILoggingEvent> appender) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        if (CONSOLE.get() != null) {
            root.addAppender(CONSOLE.get());
        }
        SAVED_LEVELS.get().forEach((name, level) -> context.getLogger(name).setLevel(level));
        appender.stop();
    }

    private static final ThreadLocal<Map<String, Level>> SAVED_LEVELS = new ThreadLocal<>();
    private static final ThreadLocal<ch.qos.logback.core.Appender<ILoggingEvent>> CONSOLE = new ThreadLocal<>();
}
