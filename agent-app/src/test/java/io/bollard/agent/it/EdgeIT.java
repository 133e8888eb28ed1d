package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.bollard.agent.edge.EdgeTunnel;
import io.bollard.agent.tls.Certificates;
import io.bollard.plugin.AgentIdentity;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.testing.DockerScope;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Edge mode end to end: an agent dials a real WebSocket test server (TLS, trusted through {@code AGENT_EDGE_CA})
 * and serves requests the server sends through the tunnel, against the real engine.
 */
class EdgeIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration RECONNECT_MAX = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private static DockerScope scope;
    private static EdgeTestServer server;
    private static RunningAgent agent;
    private static EdgeTestServer.Connection connection;
    private static String visible;
    private static String hidden;

    @BeforeAll
    static void start() throws Exception {
        scope = new DockerScope();
        visible = scope.name("edge-visible");
        hidden = scope.name("edge-hidden");
        scope.run(visible, Map.of("edge-test", "visible"), "sh", "-c", "sleep 600");
        scope.run(hidden, Map.of(), "sh", "-c", "sleep 600");
        TestPki.Pair ca = TestPki.ca("edge-test-ca");
        Path caFile = Files.createTempFile("edge-ca", ".pem");
        TestPki.writePem(caFile, ca.cert());
        int port = RunningAgent.freePort();
        server = new EdgeTestServer(port, TestPki.serverSignedBy(ca)).start();
        agent = RunningAgent.start(Map.of(
                "AGENT_MODE", "edge",
                "AGENT_EDGE_SERVER", "wss://127.0.0.1:" + port + EdgeTestServer.PATH,
                "AGENT_EDGE_CA", caFile.toString(),
                "AGENT_EDGE_RECONNECT_INITIAL", "200ms",
                "AGENT_EDGE_RECONNECT_MAX", RECONNECT_MAX.toMillis() + "ms",
                "AGENT_EDGE_HEARTBEAT", HEARTBEAT.toMillis() + "ms",
                "DOCKER_FILTER", "label=edge-test=visible"));
        connection = server.awaitConnection(WAIT);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (server != null) {
            server.close();
        }
        if (scope != null) {
            scope.close();
        }
    }

    private static Map<String, String> authed() {
        return Map.of("Authorization", "Bearer " + agent.token());
    }

    @Test
    void connectsWithAShortLivedTokenForItsIdAndSaysHello() throws Exception {
        String agentId = agent.context().getBean(AgentIdentity.class).id();
        String authorization = connection.authorization();
        assertTrue(authorization.startsWith("Bearer "), authorization);
        SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
        assertTrue(jwt.verify(new MACVerifier(agent.secret().getBytes(StandardCharsets.UTF_8))), "signed with the secret");
        assertEquals(agentId, jwt.getJWTClaimsSet().getSubject());
        long lifetime = jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime();
        assertTrue(lifetime > 0 && lifetime <= Duration.ofMinutes(5).toMillis(), "short-lived: " + lifetime + " ms");
        assertEquals("edge_handshake", jwt.getJWTClaimsSet().getStringClaim("token_use"));
        // It leaves the host (to the server and whatever relays the connection): it opens no API route.
        EdgeTestServer.Exchange replayed = connection.request("GET", "/agent/docker/containers", null,
                Map.of("Authorization", authorization), null);
        assertEquals(401, replayed.status(WAIT), "the handshake's token is no API token");

        JsonNode hello = connection.hello(WAIT);
        assertEquals(agentId, hello.path("agent_id").asText());
        assertFalse(hello.path("version").asText().isEmpty());
        assertTrue(hello.has("hostname"));
        List<String> plugins = new ArrayList<>();
        hello.path("plugins").forEach(p -> plugins.add(p.path("id").asText()));
        assertTrue(plugins.containsAll(List.of("containers", "images", "events", "host", "files")), plugins.toString());
    }

    @Test
    void opensNoPortOnTheHost() throws Exception {
        assertThrows(IOException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", agent.port()), 1000);
            }
        }, "AGENT_PORT is not listened on in edge mode");
        EmbeddedServer listener = agent.context().getBean(EmbeddedServer.class);
        int local = listener.getPort();
        assertEquals(local, Integer.parseInt(Files.readString(agent.dataDir().resolve(EdgeTunnel.LISTENER_PORT_FILE)).trim()));
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
        if (external.isPresent()) {
            assertThrows(IOException.class, () -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(external.get(), local), 1000);
                }
            }, "the loopback listener is not reachable on " + external.get());
        }
        // The listener itself answers on loopback: it is what the tunnel calls, and what the healthcheck probes.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int exit = io.bollard.agent.Bollard.run(new String[]{"healthcheck"}, Map.of("AGENT_MODE", "edge",
                "AGENT_DATA_DIR", agent.dataDir().toString()), new java.io.PrintStream(out), new java.io.PrintStream(out));
        assertEquals(0, exit, out.toString());
    }

    @Test
    void listsContainersThroughTheSameAuthenticationAndFilter() throws Exception {
        EdgeTestServer.Exchange list = connection.request("GET", "/agent/docker/containers", Map.of("all", "true"),
                authed(), null);
        assertEquals(200, list.status(WAIT));
        JsonNode containers = RunningAgent.JSON.readTree(list.awaitBody(WAIT));
        List<String> names = new ArrayList<>();
        containers.forEach(c -> names.add(c.path("name").asText()));
        assertTrue(names.contains(visible), names.toString());
        assertFalse(names.contains(hidden), "DOCKER_FILTER applies through the tunnel: " + names);

        EdgeTestServer.Exchange hiddenOne = connection.request("GET", "/agent/docker/containers/" + hidden, null,
                authed(), null);
        assertEquals(404, hiddenOne.status(WAIT));
        assertEquals("not_found", RunningAgent.JSON.readTree(hiddenOne.awaitBody(WAIT)).path("error").asText());

        EdgeTestServer.Exchange anonymous = connection.request("GET", "/agent/docker/containers", null, Map.of(), null);
        assertEquals(401, anonymous.status(WAIT), "no token through the tunnel is no token");
        EdgeTestServer.Exchange forged = connection.request("GET", "/agent/info", null,
                Map.of("Authorization", "Bearer " + RunningAgent.token("another-secret-another-secret-0123")), null);
        assertEquals(401, forged.status(WAIT));

        EdgeTestServer.Exchange ping = connection.request("GET", "/agent/ping", null, Map.of(), null);
        assertEquals(200, ping.status(WAIT));
        assertEquals("ok", RunningAgent.JSON.readTree(ping.awaitBody(WAIT)).path("status").asText());

        // A server that passes on its own client's Origin is not a browser attacking localhost.
        Map<String, String> withOrigin = new java.util.HashMap<>(authed());
        withOrigin.put("Origin", "https://manager.example.com");
        EdgeTestServer.Exchange fromABrowser = connection.request("GET", "/agent/info", null, withOrigin, null);
        assertEquals(200, fromABrowser.status(WAIT));
    }

    /**
     * The loopback listener answers any local process too, and every request there comes from {@code 127.0.0.1}: a
     * local process failing logins blocks itself only, not the server's requests through the tunnel.
     */
    @Test
    void localClientsThatFailLoginsDoNotBlockTheTunnel() throws Exception {
        int listener = Integer.parseInt(Files.readString(agent.dataDir().resolve(EdgeTunnel.LISTENER_PORT_FILE)).trim());
        java.net.http.HttpClient local = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest wrong = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + listener + "/agent/info"))
                .header("Authorization", "Bearer not-a-token")
                .header("X-Bollard-Tunnel", "a-guess").build();
        int status = 0;
        for (int i = 0; i < 100 && status != 429; i++) {
            status = local.send(wrong, java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        }
        assertEquals(429, status, "the local process is blocked");

        EdgeTestServer.Exchange failing = connection.request("GET", "/agent/info", null,
                Map.of("Authorization", "Bearer not-a-token", "X-Bollard-Tunnel", "a-guess"), null);
        assertEquals(401, failing.status(WAIT), "the tunnel's failures are counted apart from the local process's");
        EdgeTestServer.Exchange valid = connection.request("GET", "/agent/info", null, authed(), null);
        assertEquals(200, valid.status(WAIT));
    }

    @Test
    void postsWithABodyAndAnswersMalformedEnvelopes() throws Exception {
        EdgeTestServer.Exchange stop = connection.request("POST", "/agent/docker/containers/" + visible + "/restart",
                "timeout=1", Map.of("Authorization", "Bearer " + agent.token(), "Content-Type", "application/json"),
                new byte[0]);
        assertEquals(200, stop.status(WAIT));
        assertEquals("restart", RunningAgent.JSON.readTree(stop.awaitBody(WAIT)).path("action").asText());

        EdgeTestServer.Exchange bad = connection.request("GET", "no-slash", null, authed(), null);
        assertEquals(400, bad.status(WAIT));
        assertEquals("bad_request", RunningAgent.JSON.readTree(bad.awaitBody(WAIT)).path("error").asText());
    }

    /** Starts a container the filter lets through that prints {@code tick N} every 0.2 s; returns its id. */
    private String visibleTicker(String name) {
        return scope.run(scope.name(name), Map.of("edge-test", "visible"), "sh", "-c",
                "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done");
    }

    /** Follows a container's log, from now on, through the tunnel. */
    private EdgeTestServer.Exchange followTicker(String id) {
        return connection.request("GET", "/agent/docker/containers/" + id + "/logs",
                Map.of("follow", "true", "tail", "0"), authed(), null);
    }

    @Test
    void followsLogsAndCancelClosesTheDockerStream() throws Exception {
        ActiveStreams streams = agent.context().getBean(ActiveStreams.class);
        int before = streams.count("logs");
        EdgeTestServer.Exchange logs = followTicker(visibleTicker("edge-ticker"));
        JsonNode head = logs.awaitResponse(WAIT);
        assertEquals(200, head.path("status").asInt());
        assertTrue(head.path("stream").asBoolean(), "a followed log is streamed: " + head);
        StringBuilder seen = new StringBuilder();
        while (seen.toString().split("tick").length < 4) {
            String chunk = logs.chunks.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertNotNull(chunk, "no more log chunks after " + seen);
            seen.append(chunk);
        }
        assertEquals(before + 1, streams.count("logs"), "one Docker log stream while following");
        // The endless stream holds up nothing else on the connection.
        assertEquals(200, connection.request("GET", "/agent/ping", null, Map.of(), null).status(WAIT));
        connection.cancel(logs.id);
        JsonNode end = logs.end.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(end.path("cancelled").asBoolean(), end.toString());
        ContainerLogsIT.awaitCount(streams, "logs", before);
    }

    @Test
    void streamsEventsAsNdjsonChunks() throws Exception {
        EdgeTestServer.Exchange events = connection.request("GET", "/agent/docker/events", null, authed(), null);
        JsonNode head = events.awaitResponse(WAIT);
        assertEquals(200, head.path("status").asInt());
        assertTrue(head.path("headers").path("content-type").asText().startsWith("application/x-ndjson"), head.toString());
        String first = events.chunks.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertNotNull(first);
        JsonNode subscribed = RunningAgent.JSON.readTree(first.lines().findFirst().orElseThrow());
        assertEquals("subscribed", subscribed.path("action").asText());
        connection.cancel(events.id);
        assertTrue(events.end.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).path("cancelled").asBoolean());
    }

    @Test
    void deploysAComposeStackThroughTheTunnelWithItsStreamedSteps() throws Exception {
        String name = "edge-" + scope.id();
        String compose = "services:\n  app:\n    image: " + io.bollard.testing.TestDocker.busybox()
                + "\n    command: sleep 600\n    stop_grace_period: 1s\n";
        byte[] body = RunningAgent.JSON.writeValueAsBytes(Map.of("name", name, "compose", compose));
        Map<String, String> headers = Map.of("Authorization", "Bearer " + agent.token(),
                "Content-Type", "application/json");
        EdgeTestServer.Exchange deploy = connection.request("POST", "/agent/docker/deploy/stream", null, headers,
                body);
        JsonNode head = deploy.awaitResponse(WAIT);
        assertEquals(200, head.path("status").asInt(), head.toString());
        deploy.end.get(60, java.util.concurrent.TimeUnit.SECONDS);
        StringBuilder text = new StringBuilder();
        for (String chunk; (chunk = deploy.chunks.poll()) != null; ) {
            text.append(chunk);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.toString().split("\n")) {
            lines.add(RunningAgent.JSON.readTree(line));
        }
        assertEquals("create network " + name + "_default", lines.getFirst().path("step").asText());
        assertEquals("done", lines.getLast().path("status").asText(), lines.getLast().toString());
        assertEquals(List.of("create network " + name + "_default", "create container " + name + "-app-1",
                "start container " + name + "-app-1"), RunningAgent.JSON.convertValue(
                lines.getLast().path("operations"), List.class));

        EdgeTestServer.Exchange remove = connection.request("POST", "/agent/docker/compose/remove", null, headers,
                RunningAgent.JSON.writeValueAsBytes(Map.of("name", name, "volumes", true)));
        assertEquals(200, remove.status(WAIT));
        assertTrue(scope.docker().listContainersCmd().withShowAll(true)
                .withNameFilter(List.of(name + "-app-1")).exec().isEmpty());
    }

    @Test
    void aFloodOfConcurrentRequestsIsAnsweredInFull() throws Exception {
        int flood = 500;
        List<EdgeTestServer.Exchange> sent = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < flood; i++) {
            sent.add(i % 2 == 0
                    ? connection.request("GET", "/agent/docker/containers", Map.of("all", "true"), authed(), null)
                    : connection.request("GET", "/agent/ping", null, Map.of(), null));
        }
        int ok = 0;
        for (int i = 0; i < flood; i++) {
            EdgeTestServer.Exchange e = sent.get(i);
            assertEquals(200, e.status(Duration.ofSeconds(60)), "request " + e.id);
            String body = e.awaitBody(WAIT);
            if (i % 2 == 0) {
                assertTrue(body.contains(visible), body);
            } else {
                assertTrue(body.contains("\"ok\""), body);
            }
            assertEquals(0, e.envelopesAfterEnd.get());
            ok++;
        }
        System.out.printf("edge flood: %d concurrent requests answered in %d ms%n", ok,
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        assertEquals(flood, ok);
    }

    @Test
    void aServerThatStopsAnsweringHeartbeatsIsReplaced() throws Exception {
        EdgeTestServer.Connection current = connection;
        int before = server.connections().size();
        long silentFrom = System.nanoTime();
        server.answerHeartbeats(false);
        try {
            current.closed().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            long detected = Duration.ofNanos(System.nanoTime() - silentFrom).toMillis();
            server.answerHeartbeats(true);
            connection = server.awaitConnection(WAIT);
            long replaced = Duration.ofNanos(System.nanoTime() - silentFrom).toMillis();
            System.out.printf("edge watchdog: silent server dropped after %d ms, replaced after %d ms%n", detected,
                    replaced);
            // Two heartbeats of silence since the last answer (up to one interval before the server went quiet),
            // checked once an interval: between one and three intervals after it went quiet, plus scheduling.
            assertTrue(detected >= HEARTBEAT.toMillis() && detected <= 3 * HEARTBEAT.toMillis() + 1000,
                    "dropped after " + detected + " ms");
            assertTrue(server.connections().size() > before);
        } finally {
            server.answerHeartbeats(true);
        }
        assertEquals(200, connection.request("GET", "/agent/ping", null, Map.of(), null).status(WAIT));
    }

    @Test
    void killedMidStreamTheServerIsReconnectedToAndNoDockerStreamLeaks() throws Exception {
        String ticker = visibleTicker("edge-kill");
        ActiveStreams streams = agent.context().getBean(ActiveStreams.class);
        int before = streams.count("logs");
        EdgeTestServer.Exchange logs = followTicker(ticker);
        assertNotNull(logs.chunks.poll(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(before + 1, streams.count("logs"));

        server.kill();
        ContainerLogsIT.awaitCount(streams, "logs", before);
        Thread.sleep(3 * RECONNECT_MAX.toMillis()); // The agent keeps trying, its delays growing to the maximum.
        long back = System.nanoTime();
        server.start();
        connection = server.awaitConnection(WAIT);
        long reconnectMillis = Duration.ofNanos(connection.openedNanos() - back).toMillis();
        System.out.printf("edge reconnect: %d ms after the server came back (AGENT_EDGE_RECONNECT_MAX %d ms)%n",
                reconnectMillis, RECONNECT_MAX.toMillis());
        assertTrue(reconnectMillis <= RECONNECT_MAX.toMillis() + 1500, "reconnected after " + reconnectMillis + " ms");

        EdgeTestServer.Exchange list = connection.request("GET", "/agent/docker/containers", null, authed(), null);
        assertEquals(200, list.status(WAIT));
        assertTrue(list.awaitBody(WAIT).contains(ticker.substring(0, 12)) || list.awaitBody(WAIT).contains("edge-kill"));
        assertEquals(before, streams.count("logs"), "no Docker stream left from the dropped connection");
    }

    @Test
    void longWithoutItsTunnelTheAgentIsUnhealthyAndHealthyAgainOnceConnected() throws Exception {
        Certificates.Issued certificate = TestPki.server(java.time.Instant.now().minusSeconds(60), Duration.ofDays(1));
        int port = RunningAgent.freePort();
        Duration grace = Duration.ofSeconds(4);
        long started = System.nanoTime();
        try (RunningAgent lonely = RunningAgent.start(Map.of(
                "AGENT_MODE", "edge",
                "AGENT_EDGE_SERVER", "wss://127.0.0.1:" + port + EdgeTestServer.PATH,
                "AGENT_EDGE_SERVER_FINGERPRINT", Certificates.fingerprint(certificate.chain().get(0)),
                "AGENT_EDGE_RECONNECT_INITIAL", "100ms",
                "AGENT_EDGE_RECONNECT_MAX", "300ms",
                "AGENT_EDGE_HEARTBEAT", "1s",
                "AGENT_EDGE_UNHEALTHY_AFTER", grace.toMillis() + "ms"))) {
            // No server yet: a short gap is the backoff's to mend, then the health check says what is wrong.
            Result first = healthcheck(lonely);
            if (Duration.ofNanos(System.nanoTime() - started).compareTo(grace) < 0) {
                assertEquals(0, first.exit(), first.out());
            }
            Result down = awaitHealth(lonely, 1);
            long downAfter = Duration.ofNanos(System.nanoTime() - started).toMillis();
            System.out.printf("edge health: unhealthy %d ms after the start with no server (grace %d ms): %s%n",
                    downAfter, grace.toMillis(), down.out().trim());
            assertTrue(downAfter >= grace.toMillis(), "unhealthy after " + downAfter + " ms");
            assertTrue(down.out().contains("edge tunnel is down") && down.out().contains("\"edge_disconnected\"")
                    && down.out().contains("(never connected); the last attempt: cannot connect"), down.out());

            try (EdgeTestServer late = new EdgeTestServer(port, certificate).start()) {
                late.awaitConnection(WAIT);
                awaitHealth(lonely, 0); // The agent's side of the handshake may finish a moment after the server's.

                // An open connection that ends starts the clock again: healthy within the grace, then not.
                late.kill();
                long cut = System.nanoTime();
                Result after = healthcheck(lonely);
                if (Duration.ofNanos(System.nanoTime() - cut).compareTo(grace) < 0) {
                    assertEquals(0, after.exit(), after.out());
                }
                Result again = awaitHealth(lonely, 1);
                assertTrue(Duration.ofNanos(System.nanoTime() - cut).compareTo(grace) >= 0);
                assertTrue(again.out().contains("(the last one ended: ") && !again.out().contains("never connected"),
                        again.out());
            }
        }
    }

    private record Result(int exit, String out) {
    }

    private static Result healthcheck(RunningAgent agent) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream print = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = io.bollard.agent.Bollard.run(new String[]{"healthcheck"}, Map.of("AGENT_MODE", "edge",
                "AGENT_DATA_DIR", agent.dataDir().toString()), print, print);
        return new Result(exit, out.toString(StandardCharsets.UTF_8));
    }

    private static Result awaitHealth(RunningAgent agent, int exit) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        Result r = healthcheck(agent);
        while (r.exit() != exit && System.nanoTime() < end) {
            Thread.sleep(200);
            r = healthcheck(agent);
        }
        assertEquals(exit, r.exit(), r.out());
        return r;
    }

    @Test
    void aServerWithTheWrongCertificateGetsNothingAndThePinnedOneIsServed() throws Exception {
        Certificates.Issued pinned = TestPki.server(java.time.Instant.now().minusSeconds(60), Duration.ofDays(1));
        Certificates.Issued impostor = TestPki.server(java.time.Instant.now().minusSeconds(60), Duration.ofDays(1));
        int port = RunningAgent.freePort();
        try (EdgeTestServer wrong = new EdgeTestServer(port, impostor).start();
             RunningAgent pinnedAgent = RunningAgent.start(Map.of(
                     "AGENT_MODE", "edge",
                     "AGENT_EDGE_SERVER", "wss://127.0.0.1:" + port + EdgeTestServer.PATH,
                     "AGENT_EDGE_SERVER_FINGERPRINT", Certificates.fingerprint(pinned.chain().get(0)),
                     "AGENT_EDGE_RECONNECT_INITIAL", "100ms",
                     "AGENT_EDGE_RECONNECT_MAX", "500ms",
                     "AGENT_EDGE_HEARTBEAT", "1s"))) {
            long end = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (wrong.tlsFailures() < 3 && System.nanoTime() < end) {
                Thread.sleep(100);
            }
            Thread.sleep(500);
            System.out.printf("edge wrong certificate: %d TLS handshakes refused by the agent, %d WebSocket "
                    + "connections, %d envelopes received%n", wrong.tlsFailures(), wrong.connections().size(),
                    wrong.connections().stream().mapToInt(EdgeTestServer.Connection::received).sum());
            assertTrue(wrong.tlsFailures() >= 3, "the agent kept trying: " + wrong.tlsFailures());
            assertTrue(wrong.connections().isEmpty(), "no WebSocket was opened to the impostor");
            assertFalse(pinnedAgent.context().getBean(EdgeTunnel.class).connected());

            wrong.close();
            try (EdgeTestServer right = new EdgeTestServer(port, pinned).start()) {
                EdgeTestServer.Connection c = right.awaitConnection(WAIT);
                EdgeTestServer.Exchange ping = c.request("GET", "/agent/ping", null, Map.of(), null);
                assertEquals(200, ping.status(WAIT), "the pinned server is served");
            }
        }
    }

    @Test
    void enrollsThroughThePlainTunnelOnFirstContactThenPresentsTokens() throws Exception {
        String enrollToken = "edge-enroll-token-" + System.nanoTime();
        int port = RunningAgent.freePort();
        try (EdgeTestServer plain = new EdgeTestServer(port, null).start();
             RunningAgent fresh = RunningAgent.start(Map.of(
                     "AGENT_SECRET", "",
                     "AGENT_ENROLL_TOKEN", enrollToken,
                     "AGENT_MODE", "edge",
                     "AGENT_EDGE_SERVER", "ws://127.0.0.1:" + port + EdgeTestServer.PATH,
                     "AGENT_EDGE_RECONNECT_INITIAL", "100ms",
                     "AGENT_EDGE_RECONNECT_MAX", "500ms"))) {
            EdgeTestServer.Connection first = plain.awaitConnection(WAIT);
            assertEquals("Enroll " + enrollToken, first.authorization());
            EdgeTestServer.Exchange enroll = first.request("POST", "/agent/enroll", null,
                    Map.of("Authorization", "Bearer " + enrollToken), null);
            assertEquals(200, enroll.status(WAIT));
            String secret = RunningAgent.JSON.readTree(enroll.awaitBody(WAIT)).path("secret").asText();
            assertEquals(64, secret.length());

            plain.kill();
            plain.start();
            EdgeTestServer.Connection second = plain.awaitConnection(WAIT);
            SignedJWT jwt = SignedJWT.parse(second.authorization().substring("Bearer ".length()));
            assertTrue(jwt.verify(new MACVerifier(secret.getBytes(StandardCharsets.UTF_8))));
            assertEquals(fresh.context().getBean(AgentIdentity.class).id(), jwt.getJWTClaimsSet().getSubject());
            EdgeTestServer.Exchange info = second.request("GET", "/agent/info", null,
                    Map.of("Authorization", "Bearer " + RunningAgent.token(secret)), null);
            assertEquals(200, info.status(WAIT));
        }
    }
}
