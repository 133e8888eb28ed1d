package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.testing.DockerScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /agent/docker/containers/{id}/logs} (text and NDJSON) and {@code /logs/ws}.
 */
class ContainerLogsIT {

    private static RunningAgent agent;
    private static DockerScope scope;
    private static String finished;

    @BeforeAll
    static void start() {
        agent = RunningAgent.start();
        scope = new DockerScope();
        // Three stdout lines, two stderr lines, non-ASCII text, and an invalid UTF-8 byte.
        finished = scope.run(scope.name("printer"), Map.of(), "sh", "-c",
                "echo one; echo two >&2; echo 'grüße ✓'; printf 'bad \\377 byte\\n'; echo three >&2; echo four");
        scope.awaitState(finished, "exited", Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() {
        scope.close();
        agent.close();
    }

    @Test
    void textLogHasEveryLineAsValidUtf8() {
        HttpResponse<String> r = agent.get("/agent/docker/containers/" + finished + "/logs");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        List<String> lines = r.body().lines().toList();
        assertEquals(6, lines.size(), r.body());
        assertTrue(lines.containsAll(List.of("one", "two", "grüße ✓", "three", "four")), lines.toString());
        assertTrue(lines.contains("bad \uFFFD byte"), "invalid byte replaced: " + lines);
    }

    @Test
    void streamsCanBeChosen() {
        List<String> out = agent.get("/agent/docker/containers/" + finished + "/logs?stderr=false").body().lines().toList();
        assertFalse(out.contains("two"));
        assertTrue(out.contains("one"));
        List<String> err = agent.get("/agent/docker/containers/" + finished + "/logs?stdout=false").body().lines().toList();
        assertEquals(List.of("two", "three"), err);
        assertError(agent.get("/agent/docker/containers/" + finished + "/logs?stdout=false&stderr=false"), 400,
                "bad_request");
    }

    @Test
    void tailAndTimestamps() {
        // stdout only: Docker orders stdout and stderr lines by when it read them, which may differ from the order
        // they were written in.
        String id = scope.run(scope.name("counter"), Map.of(), "sh", "-c", "echo a; echo b; echo c");
        scope.awaitState(id, "exited", Duration.ofSeconds(20));
        assertEquals(List.of("b", "c"), agent.get("/agent/docker/containers/" + id + "/logs?tail=2").body().lines().toList());
        assertEquals(List.of("a", "b", "c"), agent.get("/agent/docker/containers/" + id + "/logs?tail=all").body()
                .lines().toList());
        String stamped = agent.get("/agent/docker/containers/" + id + "/logs?timestamps=true&tail=1").body().trim();
        String[] parts = stamped.split(" ", 2);
        assertNotNull(OffsetDateTime.parse(parts[0]));
        assertEquals("c", parts[1]);
        assertError(agent.get("/agent/docker/containers/" + id + "/logs?tail=many"), 400, "bad_request");
        assertError(agent.get("/agent/docker/containers/" + id + "/logs?since=yesterday"), 400, "bad_request");
        assertError(agent.get("/agent/docker/containers/" + id + "/logs?since=10m&until=20m"), 400, "bad_request");
    }

    @Test
    void sinceAndUntilLimitTheTime() {
        String future = String.valueOf(System.currentTimeMillis() / 1000 + 3600);
        assertEquals("", agent.get("/agent/docker/containers/" + finished + "/logs?since=" + future).body());
        assertEquals(6, agent.get("/agent/docker/containers/" + finished + "/logs?since=1h").body().lines().count());
        assertEquals("", agent.get("/agent/docker/containers/" + finished + "/logs?until=1000").body());
    }

    @Test
    void aLongLogArrivesWholeAndInOrder() {
        // Far more than one socket read of Docker's answer, so lines and frames are cut between reads.
        String id = scope.run(scope.name("long"), Map.of(), "sh", "-c", "busybox seq 1 60000");
        scope.awaitState(id, "exited", Duration.ofSeconds(30));
        List<String> lines = agent.get("/agent/docker/containers/" + id + "/logs").body().lines().toList();
        assertEquals(60000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(String.valueOf(i + 1), lines.get(i));
        }
    }

    @Test
    void aLineLongerThanDockersFramesIsOneLine() {
        // Docker cuts lines over 16 KiB into several frames, each with its own timestamp.
        String id = scope.run(scope.name("wide"), Map.of(), "sh", "-c",
                "busybox head -c 40000 /dev/zero | busybox tr '\\0' x; echo; echo after");
        scope.awaitState(id, "exited", Duration.ofSeconds(20));
        String wide = "x".repeat(40000);
        assertEquals(List.of(wide, "after"), agent.get("/agent/docker/containers/" + id + "/logs").body().lines()
                .toList());
        List<String> stamped = agent.get("/agent/docker/containers/" + id + "/logs?timestamps=true").body().lines()
                .toList();
        assertEquals(2, stamped.size());
        assertEquals(wide, stamped.get(0).split(" ", 2)[1]);
    }

    @Test
    void aTtyContainersLogIsText() {
        String id = scope.run(scope.name("tty"), Map.of(), c -> c.withTty(true), "sh", "-c",
                "echo tty one; echo tty two");
        scope.awaitState(id, "exited", Duration.ofSeconds(20));
        assertEquals(List.of("tty one", "tty two"), agent.get("/agent/docker/containers/" + id + "/logs").body()
                .lines().toList());
    }

    @Test
    void ndjsonHasStreamTimeAndLine() {
        HttpResponse<String> r = agent.send(agent.authed("/agent/docker/containers/" + finished + "/logs")
                .header("Accept", "application/x-ndjson").build());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/x-ndjson"));
        List<JsonNode> lines = new ArrayList<>();
        r.body().lines().forEach(l -> lines.add(parse(l)));
        assertEquals(6, lines.size());
        JsonNode two = lines.stream().filter(l -> l.path("line").asText().equals("two")).findFirst().orElseThrow();
        assertEquals("stderr", two.path("stream").asText());
        assertNotNull(OffsetDateTime.parse(two.path("time").asText()));
        assertTrue(lines.stream().anyMatch(l -> l.path("line").asText().equals("grüße ✓")
                && l.path("stream").asText().equals("stdout")));
    }

    @Test
    void followStreamsNewLinesAndClosesDockerStreamWhenClientLeaves() throws Exception {
        String id = scope.run(scope.name("ticker"), Map.of(), "sh", "-c",
                "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.2; done");
        ActiveStreams streams = agent.context().getBean(ActiveStreams.class);
        int before = streams.count("logs");
        HttpRequest request = agent.authed("/agent/docker/containers/" + id + "/logs?follow=true&tail=0").build();
        HttpResponse<InputStream> r = agent.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        List<String> seen = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            while (seen.size() < 5) {
                String line = reader.readLine();
                assertNotNull(line, "stream ended early after " + seen);
                seen.add(line);
            }
            assertEquals(before + 1, streams.count("logs"), "one Docker log stream open while following");
        }
        // The client went away: the agent must close its Docker stream.
        awaitCount(streams, "logs", before);
        assertTrue(seen.get(0).startsWith("tick "), seen.toString());
    }

    @Test
    void aQuietContainersFollowedLogLetsGoOfItsDockerStreamWhenTheClientLeaves() throws Exception {
        String id = scope.run(scope.name("quiet"), Map.of(), "sleep", "600");
        ActiveStreams streams = agent.context().getBean(ActiveStreams.class);
        int before = streams.count("logs");
        for (String accept : List.of("text/plain", "application/x-ndjson")) {
            javax.net.ssl.SSLContext tls = RunningAgent.trusting(agent.dataDir().resolve("certs/agent-cert.pem"));
            try (java.net.Socket socket = tls.getSocketFactory().createSocket("localhost", agent.port())) {
                socket.getOutputStream().write(("GET /agent/docker/containers/" + id + "/logs?follow=true HTTP/1.1\r\n"
                        + "Host: localhost\r\nAccept: " + accept + "\r\nAuthorization: Bearer " + agent.token()
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8));
                // The status and headers come at once, though the container has written nothing.
                socket.setSoTimeout(10_000);
                assertEquals("HTTP/1.1 200 OK", reader.readLine());
                String line;
                do {
                    line = reader.readLine();
                    assertNotNull(line);
                } while (!line.isEmpty());
                awaitCount(streams, "logs", before + 1);
            }
            // The container writes nothing more: only the closed connection can end the Docker stream.
            awaitCount(streams, "logs", before);
        }
    }

    @Test
    void aQuietFollowedLogOutlivesTheServersIdleTimeoutWhichStillClosesIdleConnections() throws Exception {
        String id = scope.run(scope.name("silent"), Map.of(), "sleep", "600");
        // The server's idle timeout (5 minutes) cut followed logs of quiet containers (an outside audit's find).
        System.setProperty("micronaut.server.idle-timeout", "2s");
        RunningAgent quick;
        try {
            quick = RunningAgent.start();
        } finally {
            System.clearProperty("micronaut.server.idle-timeout");
        }
        try (quick) {
            javax.net.ssl.SSLContext tls = RunningAgent.trusting(quick.dataDir().resolve("certs/agent-cert.pem"));
            try (java.net.Socket followed = tls.getSocketFactory().createSocket("localhost", quick.port());
                 java.net.Socket idle = tls.getSocketFactory().createSocket("localhost", quick.port())) {
                BufferedReader stream = request(followed, quick, "/agent/docker/containers/" + id
                        + "/logs?follow=true");
                // Answered in full, then idle: the server closes the connection after its idle timeout...
                BufferedReader done = request(idle, quick, "/agent/docker/containers/" + id + "/logs?follow=false");
                idle.setSoTimeout(8_000);
                while (done.read() != -1) {
                    // The empty log's answer, then the close (a read timeout here fails the test).
                }
                // ...but not the followed log's, though nothing was written on it all that time.
                followed.setSoTimeout(1_000);
                assertThrows(java.net.SocketTimeoutException.class, stream::read, "still open, nothing to read");
            }
        }
    }

    /** Sends a GET on a socket and reads the answer's head: what is left is the body. */
    private static BufferedReader request(java.net.Socket socket, RunningAgent to, String path) throws Exception {
        socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/plain\r\n"
                + "Authorization: Bearer " + to.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8));
        socket.setSoTimeout(10_000);
        assertEquals("HTTP/1.1 200 OK", reader.readLine());
        for (String line = reader.readLine(); !line.isEmpty(); line = reader.readLine()) {
            assertNotNull(line);
        }
        return reader;
    }

    @Test
    void aStoppingAgentEndsFollowedLogsCleanly() throws Exception {
        String id = scope.run(scope.name("quiet2"), Map.of(), "sh", "-c", "echo hello; exec sleep 600");
        RunningAgent stopping = RunningAgent.start();
        try {
            HttpResponse<InputStream> r = stopping.http().send(stopping.authed("/agent/docker/containers/" + id
                    + "/logs?follow=true").build(), HttpResponse.BodyHandlers.ofInputStream());
            WebSockets.Session ws = WebSockets.open(stopping, "/agent/docker/containers/" + id + "/logs/ws");
            ws.awaitFrames(1, Duration.ofSeconds(10));
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                assertEquals("hello", reader.readLine());
                stopping.close();
                // The body ends with its last chunk (a cut connection would be an IOException here).
                assertEquals(null, reader.readLine());
            }
            assertEquals(1001, ws.awaitClose().code(), "the socket closes as going away");
        } finally {
            stopping.close();
        }
    }

    @Test
    void followEndsWhenTheContainerStops() throws Exception {
        String id = scope.run(scope.name("short"), Map.of(), "sh", "-c", "echo start; sleep 1; echo end");
        HttpResponse<String> r = agent.send(agent.authed("/agent/docker/containers/" + id + "/logs?follow=true").build());
        assertEquals(List.of("start", "end"), r.body().lines().toList());
    }

    @Test
    void webSocketSendsOneFramePerLine() throws Exception {
        WebSockets.Session ws = WebSockets.open(agent, "/agent/docker/containers/" + finished + "/logs/ws?follow=false");
        ws.awaitFrames(6, Duration.ofSeconds(10));
        assertEquals(1000, ws.awaitClose().code());
        JsonNode first = parse(ws.frames().get(0));
        assertTrue(first.has("stream") && first.has("time") && first.has("line"), first.toString());
        assertTrue(ws.frames().stream().map(ContainerLogsIT::parse).anyMatch(f -> f.path("line").asText().equals("four")));
    }

    @Test
    void webSocketTakesStdoutAndStderrAsHttpDoes() throws Exception {
        WebSockets.Session ws = WebSockets.open(agent, "/agent/docker/containers/" + finished
                + "/logs/ws?follow=false&stderr=false");
        assertEquals(1000, ws.awaitClose().code());
        List<JsonNode> frames = ws.frames().stream().map(ContainerLogsIT::parse).toList();
        assertEquals(4, frames.size(), frames.toString());
        assertTrue(frames.stream().allMatch(f -> f.path("stream").asText().equals("stdout")), frames.toString());
        WebSockets.Session errors = WebSockets.open(agent, "/agent/docker/containers/" + finished
                + "/logs/ws?follow=0&stdout=0");
        assertEquals(1000, errors.awaitClose().code());
        assertEquals(List.of("two", "three"), errors.frames().stream().map(ContainerLogsIT::parse)
                .map(f -> f.path("line").asText()).toList());
        // A word that is no boolean closes the socket with 4400 and says so; it is never taken for the default.
        for (String bad : List.of("follow=banana", "stdout=banana&follow=false", "follow=")) {
            WebSockets.Closed refused = WebSockets.open(agent, "/agent/docker/containers/" + finished + "/logs/ws?"
                    + bad).awaitClose();
            assertEquals(4400, refused.code(), bad);
            assertTrue(refused.reason().contains("expected true or false"), bad + ": " + refused.reason());
        }
    }

    @Test
    void webSocketFollowStopsDockerStreamOnClose() throws Exception {
        String id = scope.run(scope.name("wsticker"), Map.of(), "sh", "-c", "while true; do echo tock; sleep 0.2; done");
        ActiveStreams streams = agent.context().getBean(ActiveStreams.class);
        int before = streams.count("logs");
        WebSockets.Session ws = WebSockets.open(agent, "/agent/docker/containers/" + id + "/logs/ws?tail=0");
        ws.awaitFrames(3, Duration.ofSeconds(10));
        assertEquals(before + 1, streams.count("logs"));
        ws.close();
        awaitCount(streams, "logs", before);
        // The agent answers the client's close frame with its own (RFC 6455 5.5.1), echoing the code.
        assertEquals(1000, ws.awaitClose().code());
    }

    @Test
    void clientsClosingWhileABusyLogFlowsLeaveNoErrorInTheLog() throws Exception {
        String id = scope.run(scope.name("wsflood"), Map.of(), "yes");
        ActiveStreams streams = agent.context().getBean(ActiveStreams.class);
        int before = streams.count("logs");
        // Reactor logged a send that met the client's close as an ERROR with its trace, once for every such client.
        ch.qos.logback.classic.Logger operators = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory
                .getLogger("reactor.core.publisher.Operators");
        var dropped = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        dropped.start();
        operators.addAppender(dropped);
        try {
            for (int round = 0; round < 3; round++) {
                List<WebSockets.Session> open = new java.util.ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    open.add(WebSockets.open(agent, "/agent/docker/containers/" + id + "/logs/ws?tail=0"));
                }
                for (WebSockets.Session ws : open) {
                    ws.awaitFrames(100, Duration.ofSeconds(10));
                }
                open.forEach(WebSockets.Session::close);
                Thread.sleep(500);
            }
            awaitCount(streams, "logs", before);
        } finally {
            operators.detachAppender(dropped);
        }
        assertEquals(List.of(), dropped.list.stream().map(Object::toString).toList());
    }

    @Test
    void webSocketNeedsATokenAndASameOrigin() {
        var noToken = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
                () -> WebSockets.open(agent, "/agent/docker/containers/" + finished + "/logs/ws", Map.of()));
        assertEquals(401, handshakeStatus(noToken));
        var foreign = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.CompletionException.class,
                () -> WebSockets.open(agent, "/agent/docker/containers/" + finished + "/logs/ws",
                        Map.of("Authorization", "Bearer " + agent.token(), "Origin", "https://evil.example")));
        assertEquals(403, handshakeStatus(foreign));
    }

    private static int handshakeStatus(Exception e) {
        if (e.getCause() instanceof java.net.http.WebSocketHandshakeException refused) {
            return refused.getResponse().statusCode();
        }
        throw new AssertionError("not a refused handshake", e);
    }

    static void awaitCount(ActiveStreams streams, String kind, int expected) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (streams.count(kind) != expected && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertEquals(expected, streams.count(kind), kind + " streams left open: " + streams.snapshot());
    }

    static JsonNode parse(String line) {
        try {
            return RunningAgent.JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
