package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import com.github.dockerjava.api.model.VolumesFrom;
import io.bollard.agent.security.TokenCommand;
import io.bollard.testing.DockerScope;
import io.bollard.testing.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Dockerfile, built and run on the test engine without any registry: a runtime base image is made from this
 * JDK ({@code scripts/runtime-base.sh}), the image's {@code prebuilt} target packages the jar {@code mvn package}
 * just made, and the container runs as users run it (socket mounted, {@code DOCKER_FILTER}, {@code AGENT_SECRET}):
 * it answers ping, becomes healthy through the image's own health check, hides what the filter hides, runs as
 * uid 1000, and stops cleanly on {@code docker stop} with a stream open.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ImageIT {

    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();
    private static final Path SOCKET = Path.of("/var/run/docker.sock");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String BASE = "bollard-test/runtime-base:" + RUN;
    private static final String IMAGE = "bollard-test/agent-image-it:" + RUN;

    private static DockerScope scope;
    private static DockerClient docker;
    private static String secret;
    private static String agent;
    private static String visible;
    private static String hidden;
    private static int port;
    private static HttpClient http;
    private static long buildMillis;
    private static long healthyMillis = -1;

    @BeforeAll
    static void buildAndRun() throws Exception {
        assumeTrue(Files.isRegularFile(ROOT.resolve("agent-app/target/bollard-agent.jar")), "mvn package first");
        assumeTrue("unix:///var/run/docker.sock".equals(TestDocker.host()) && Files.exists(SOCKET),
                "the image test mounts the local socket");
        assumeTrue(onPath("docker") && onPath("busybox"), "needs the docker CLI and a static busybox");
        scope = new DockerScope();
        docker = scope.docker();
        long t0 = System.nanoTime();
        sh(List.of("bash", ROOT.resolve("scripts/runtime-base.sh").toString(), BASE), 180);
        sh(List.of("docker", "build", "-q", "--target", "prebuilt", "--build-arg", "RUNTIME_IMAGE=" + BASE,
                "-t", IMAGE, ROOT.toString()), 300);
        buildMillis = (System.nanoTime() - t0) / 1_000_000;

        String filterLabel = "io.bollard.test.image-" + scope.id();
        visible = scope.create(scope.name("image-shown"), Map.of(filterLabel, "yes"), c -> { }, "true");
        hidden = scope.create(scope.name("image-hidden"), Map.of(), c -> { }, "true");
        secret = UUID.randomUUID() + "-" + UUID.randomUUID();
        LogAudit.remember(secret);
        port = RunningAgent.freePort();
        int socketGroup = (Integer) Files.getAttribute(SOCKET, "unix:gid");
        Map<String, String> labels = new java.util.HashMap<>(scope.labels());
        labels.put(filterLabel, "yes");
        agent = docker.createContainerCmd(IMAGE)
                .withName(scope.name("image-agent"))
                .withLabels(labels)
                .withEnv("AGENT_SECRET=" + secret, "DOCKER_FILTER=label=" + filterLabel + "=yes")
                .withExposedPorts(ExposedPort.tcp(7007))
                // The image probes every 30 s; the test asks for every second, with the image's own command.
                .withHealthcheck(new HealthCheck().withInterval(TimeUnit.SECONDS.toNanos(1))
                        .withStartPeriod(TimeUnit.SECONDS.toNanos(30)))
                .withHostConfig(HostConfig.newHostConfig()
                        .withBinds(new Bind(SOCKET.toString(), new Volume("/var/run/docker.sock")))
                        .withGroupAdd(List.of(String.valueOf(socketGroup)))
                        .withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort("127.0.0.1", port),
                                ExposedPort.tcp(7007))))
                .exec().getId();
        t0 = System.nanoTime();
        docker.startContainerCmd(agent).exec();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(agent).exec().getState();
            String health = state.getHealth() == null ? null : state.getHealth().getStatus();
            if ("healthy".equals(health)) {
                healthyMillis = (System.nanoTime() - t0) / 1_000_000;
                break;
            }
            if (!Boolean.TRUE.equals(state.getRunning())) {
                throw new AssertionError("the agent's container stopped: " + logs());
            }
            Thread.sleep(200);
        }
        http = HttpClient.newBuilder().sslContext(trustingAnyCertificate()).connectTimeout(Duration.ofSeconds(5))
                .build();
        System.out.printf("ImageIT: image %s built in %d ms, %d MiB; healthy %d ms after start%n", IMAGE,
                buildMillis, docker.inspectImageCmd(IMAGE).exec().getSize() >> 20, healthyMillis);
    }

    @AfterAll
    static void cleanUp() {
        if (scope == null) {
            return;
        }
        if (agent != null) {
            LogAudit.scan("ImageIT container", logs());
        }
        scope.close();
        for (String image : List.of(IMAGE, BASE)) {
            try {
                docker.removeImageCmd(image).withForce(true).exec();
            } catch (RuntimeException e) {
                // Not built.
            }
        }
    }

    @Test
    @Order(1)
    void becomesHealthyThroughTheImagesOwnHealthCheck() {
        assertTrue(healthyMillis >= 0, "not healthy within 90 s: " + logs());
        InspectImageResponse image = docker.inspectImageCmd(IMAGE).exec();
        List<String> test = image.getConfig().getHealthcheck().getTest();
        assertTrue(test.contains("healthcheck"), test.toString());
        var log = docker.inspectContainerCmd(agent).exec().getState().getHealth().getLog();
        assertTrue(log.get(log.size() - 1).getOutput().startsWith("healthy"), log.get(log.size() - 1).getOutput());
    }

    @Test
    @Order(2)
    void answersPingAndAuthenticatedCalls() throws Exception {
        HttpResponse<String> ping = get("/agent/ping", null);
        assertEquals(200, ping.statusCode(), ping.body());
        assertEquals(401, get("/agent/docker/containers", null).statusCode());
    }

    @Test
    @Order(3)
    void filterHidesAnUnlabelledContainer() throws Exception {
        HttpResponse<String> list = get("/agent/docker/containers?all=true",
                TokenCommand.sign(secret, "image-it", Duration.ofMinutes(10)));
        assertEquals(200, list.statusCode(), list.body());
        JsonNode containers = RunningAgent.JSON.readTree(list.body());
        List<String> ids = ContainerQueryIT.ids(containers);
        assertTrue(ids.contains(visible), list.body());
        assertTrue(ids.contains(agent), list.body());
        assertFalse(ids.contains(hidden), list.body());
    }

    @Test
    @Order(4)
    void runsAsUid1000WithDataVolumeAndPort() throws Exception {
        InspectImageResponse image = docker.inspectImageCmd(IMAGE).exec();
        assertEquals("1000:1000", image.getConfig().getUser());
        assertTrue(image.getConfig().getVolumes().containsKey("/data"), String.valueOf(image.getConfig().getVolumes()));
        assertTrue(List.of(image.getConfig().getExposedPorts()).contains(ExposedPort.tcp(7007)));
        assertTrue(java.util.Arrays.stream(image.getConfig().getEnv()).anyMatch(e -> e.startsWith("JAVA_OPTS=")));
        assertEquals("1000", exec("id", "-u").trim());
        assertTrue(exec("ls", "-ln", "/data/certs").contains(" 1000 "), "the agent's state is written as uid 1000");
        // The agent itself (PID 1) runs as 1000 too, and with the AOT cache made at build time.
        String status = exec("cat", "/proc/1/status");
        assertTrue(status.lines().anyMatch(l -> l.matches("Uid:\\s+1000\\s+1000.*")), status);
        String cmdline = exec("cat", "/proc/1/cmdline").replace('\0', ' ');
        assertTrue(cmdline.contains("-XX:AOTCache=/app/bollard.aot") && cmdline.contains("-XX:+UseSerialGC"), cmdline);
    }

    @Test
    @Order(5)
    void healthCheckReadsTheAgentsOwnVerdictWithoutAJvmAndProbesWhenItIsStale() throws Exception {
        // No JVM starts with an unknown flag: a healthy answer under this setting came from the shell alone.
        String fresh = exec("env", "JAVA_TOOL_OPTIONS=-XX:+NoSuchBollardFlag", "sh", "-c",
                "/app/entrypoint.sh healthcheck; echo \"exit $?\"");
        assertEquals("healthy: the agent and Docker answer\nexit 0", fresh.strip());
        String written = exec("cat", "/dev/shm/bollard-health");
        assertTrue(written.startsWith("healthy") && written.lines().toList().get(1).matches("writer 1 \\d+"),
                "the image's AGENT_HEALTH_FILE, written by PID 1: " + written);
        // A verdict older than 40 s is not believed: the JVM probe asks the agent itself.
        String stale = exec("sh", "-c", "printf 'healthy: stale\\n' > /tmp/stale-health"
                + " && touch -d '2000-01-01 00:00:00' /tmp/stale-health"
                + " && AGENT_HEALTH_FILE=/tmp/stale-health /app/entrypoint.sh healthcheck; echo \"exit $?\"");
        assertEquals("healthy: the agent and Docker answer\nexit 0", stale.strip(), stale);
        String staleWithoutJvm = exec("env", "JAVA_TOOL_OPTIONS=-XX:+NoSuchBollardFlag",
                "AGENT_HEALTH_FILE=/tmp/stale-health", "sh", "-c",
                "/app/entrypoint.sh healthcheck >/dev/null 2>&1; echo \"exit $?\"");
        assertEquals("exit 1", staleWithoutJvm.strip(), "a stale verdict must go to the JVM probe");
        // A fresh verdict another agent wrote (a shared /dev/shm) is not this container's either.
        String foreign = exec("env", "JAVA_TOOL_OPTIONS=-XX:+NoSuchBollardFlag",
                "AGENT_HEALTH_FILE=/tmp/foreign-health", "sh", "-c", "printf 'healthy: not mine\\nwriter 1 1\\n' > /tmp/foreign-health"
                        + " && /app/entrypoint.sh healthcheck >/dev/null 2>&1; echo \"exit $?\"");
        assertEquals("exit 1", foreign.strip(), "another agent's verdict must go to the JVM probe");
    }

    @Test
    @Order(6)
    void deploysAStackWhoseRelativeBindMountIsFoundOnTheHost() throws Exception {
        // The agent's data folder is a volume; the engine must be given the volume's host path for ./site.
        String name = scope.name("stack");
        String token = TokenCommand.sign(secret, "image-it", Duration.ofMinutes(10));
        String body = RunningAgent.JSON.writeValueAsString(Map.of("name", name, "compose",
                "services:\n  web:\n    image: " + TestDocker.busybox() + "\n    command: sleep 600\n"
                        + "    stop_grace_period: 1s\n    volumes: [\"./site:/site:ro\"]\n",
                "files", Map.of("site/index.html", "hello from the stack folder")));
        HttpResponse<String> deployed = post("/agent/docker/deploy/compose", token, body);
        try {
            assertEquals(200, deployed.statusCode(), deployed.body() + logs());
            String web = name + "-web-1";
            String out = execIn(web, "cat", "/site/index.html");
            assertEquals("hello from the stack folder", out);
        } finally {
            post("/agent/docker/compose/remove", token, RunningAgent.JSON.writeValueAsString(Map.of("name", name,
                    "volumes", true)));
        }
    }

    @Test
    @Order(6)
    void largeBodiesAtOnceAreRefusedWhileTheHeapCannotHoldThemNotFatal() throws Exception {
        // With the image's flags, one 9 MiB file write, or three of 5 MiB at once, ran the agent out of memory and
        // ended it (an outside audit's find). Now each is written, or refused with 503 busy, and the agent lives.
        String token = TokenCommand.sign(secret, "image-it", Duration.ofMinutes(10));
        String route = "/agent/docker/containers/" + visible + "/files/write";
        HttpResponse<String> one = post(route, token, RunningAgent.JSON.writeValueAsString(Map.of("path",
                "/big-one", "content", "x".repeat(9 << 20))));
        assertEquals(200, one.statusCode(), one.body() + logs());
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> many = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String body = RunningAgent.JSON.writeValueAsString(Map.of("path", "/big-" + i, "content",
                    String.valueOf((char) ('a' + i)).repeat(7 << 20)));
            many.add(http.sendAsync(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + route))
                    .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        int written = 0;
        for (var answer : many) {
            HttpResponse<String> r = answer.get(90, TimeUnit.SECONDS);
            if (r.statusCode() == 200) {
                written++;
            } else {
                assertEquals(503, r.statusCode(), r.body());
                assertTrue(r.body().contains("\"busy\""), r.body());
                assertEquals("1", r.headers().firstValue("Retry-After").orElse(null));
            }
        }
        assertTrue(written >= 1, "at least the first fits");
        assertTrue(docker.inspectContainerCmd(agent).exec().getState().getRunning(), logs());
        assertEquals(200, get("/agent/ping", null).statusCode());
        assertFalse(logs().contains("OutOfMemoryError"), logs());
    }

    private static HttpResponse<String> post(String path, String token, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(7)
    void stopsGracefullyWithAStreamOpen() throws Exception {
        String token = TokenCommand.sign(secret, "image-it", Duration.ofMinutes(10));
        HttpRequest follow = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/agent/docker/events"))
                .header("Authorization", "Bearer " + token).build();
        CompletableFuture<HttpResponse<InputStream>> events = http.sendAsync(follow,
                HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> stream = events.get(10, TimeUnit.SECONDS);
        assertEquals(200, stream.statusCode());
        long t0 = System.nanoTime();
        docker.stopContainerCmd(agent).withTimeout(20).exec();
        long stopMillis = (System.nanoTime() - t0) / 1_000_000;
        // The follower's stream ends (not hangs) once the agent is gone.
        CompletableFuture<String> rest = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = stream.body()) {
                in.readAllBytes();
                return "ended";
            } catch (IOException e) {
                return "cut: " + e;
            }
        });
        assertEquals("ended", rest.get(10, TimeUnit.SECONDS), "the stream ends with its last chunk");
        InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(agent).exec().getState();
        System.out.printf("ImageIT: docker stop took %d ms, exit code %d%n", stopMillis, state.getExitCodeLong());
        // 143 is the JVM's exit after its shutdown hooks ran on SIGTERM; 137 would mean Docker had to kill it.
        assertNotEquals(137L, state.getExitCodeLong(), logs());
        assertEquals(143L, state.getExitCodeLong(), logs());
        assertTrue(stopMillis < 15_000, "stop took " + stopMillis + " ms");
        assertTrue(logs().contains("shutting down"), logs());
    }

    @Test
    @Order(8)
    void aReCreatedContainerOnTheSameDataServesTheSameCertificate() throws Exception {
        // A new container (a new host name: its id) on the old one's /data, as an upgrade makes it.
        String again = docker.createContainerCmd(IMAGE).withName(scope.name("image-agent-again"))
                .withLabels(scope.labels()).withEnv("AGENT_SECRET=" + secret)
                .withHostConfig(HostConfig.newHostConfig().withVolumesFrom(new VolumesFrom(agent))).exec().getId();
        docker.startContainerCmd(again).exec();
        String before = fingerprint(logs());
        String after = null;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (after == null && System.nanoTime() < end) {
            Thread.sleep(200);
            after = fingerprint(logsOf(again));
        }
        assertTrue(before != null && before.equals(after), "fingerprint " + before + " then " + after);
    }

    private static String fingerprint(String logs) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("fingerprint ([0-9A-F:]{95})").matcher(logs);
        return m.find() ? m.group(1) : null;
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String exec(String... cmd) throws InterruptedException {
        return execIn(agent, cmd);
    }

    private static String execIn(String container, String... cmd) throws InterruptedException {
        String id = docker.execCreateCmd(container).withCmd(cmd).withAttachStdout(true).withAttachStderr(true).exec()
                .getId();
        StringBuilder out = new StringBuilder();
        docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
            }
        }).awaitCompletion(30, TimeUnit.SECONDS);
        return out.toString();
    }

    static String logs() {
        return logsOf(agent);
    }

    private static String logsOf(String container) {
        StringBuilder out = new StringBuilder();
        try {
            docker.logContainerCmd(container).withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }).awaitCompletion(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out.toString();
    }

    private static void sh(List<String> command, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // The classic builder runs only the stages the target needs here, and never asks a registry.
        pb.environment().put("DOCKER_BUILDKIT", "0");
        Path log = Files.createTempFile("bollard-image-it", ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " took over " + timeoutSeconds + " s: " + Files.readString(log));
        }
        String output = Files.readString(log);
        Files.deleteIfExists(log);
        assertEquals(0, p.exitValue(), command + " failed:\n" + output);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static SSLContext trustingAnyCertificate() throws Exception {
        // The container made its own certificate; what is tested here is the image, not TLS pinning (TlsIT is).
        TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{any}, null);
        return context;
    }
}
