package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bollard.agent.logging.RequestIdFilter;
import io.bollard.agent.security.TokenCommand;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged agent, run as {@code java -jar} with {@code LOG_JSON=true LOG_LEVEL=debug}: every line it prints is
 * one JSON object with timestamp, level, logger and message, lines written while a request is handled carry that
 * request's id (the one echoed as {@code X-Request-Id}), and neither the secret nor a token it was sent appears.
 */
class LoggingIT {

    private static final Path JAR = Path.of("target/bollard-agent.jar").toAbsolutePath();

    @Test
    void jsonLinesWithRequestIdsAndNoSecrets() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(JAR), "mvn package first");
        String secret = UUID.randomUUID() + "-" + UUID.randomUUID();
        int port = RunningAgent.freePort();
        Path data = Files.createTempDirectory("bollard-logging-it");
        Path log = data.resolve("agent.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("AGENT_SECRET", secret);
        pb.environment().put("AGENT_PORT", String.valueOf(port));
        pb.environment().put("AGENT_DATA_DIR", data.resolve("data").toString());
        pb.environment().put("AGENT_PLUGINS_DIR", data.resolve("plugins").toString());
        pb.environment().put("DOCKER_HOST", io.bollard.testing.TestDocker.host());
        pb.environment().put("LOG_JSON", "true");
        pb.environment().put("LOG_LEVEL", "debug");
        Process agent = pb.start();
        String token = TokenCommand.sign(secret, "logging-it", Duration.ofMinutes(5));
        LogAudit.remember(secret);
        LogAudit.remember(token);
        String chosenId = "it-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> chosen;
        HttpResponse<String> generated;
        HttpResponse<String> refused;
        try {
            Path cert = data.resolve("data/certs/agent-cert.pem");
            HttpClient http = null;
            HttpResponse<String> ping = null;
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < end && (ping == null || ping.statusCode() != 200)) {
                Thread.sleep(100);
                if (!agent.isAlive()) {
                    throw new AssertionError("the agent stopped: " + Files.readString(log));
                }
                if (http == null && Files.exists(cert)) {
                    Thread.sleep(100);
                    SSLContext ssl = RunningAgent.trusting(cert);
                    http = HttpClient.newBuilder().sslContext(ssl).build();
                }
                if (http != null) {
                    try {
                        ping = http.send(HttpRequest.newBuilder(uri(port, "/agent/ping")).build(),
                                HttpResponse.BodyHandlers.ofString());
                    } catch (java.io.IOException e) {
                        // Not listening yet.
                    }
                }
            }
            assertTrue(ping != null && ping.statusCode() == 200, "no ping: " + Files.readString(log));
            chosen = http.send(HttpRequest.newBuilder(uri(port, "/agent/docker/containers?all=true"))
                    .header("Authorization", "Bearer " + token).header(RequestIdFilter.HEADER, chosenId).build(),
                    HttpResponse.BodyHandlers.ofString());
            generated = http.send(HttpRequest.newBuilder(uri(port, "/agent/info"))
                    .header("Authorization", "Bearer " + token)
                    .header(RequestIdFilter.HEADER, "not a sane id: {\"x\"}").build(),
                    HttpResponse.BodyHandlers.ofString());
            refused = http.send(HttpRequest.newBuilder(uri(port, "/agent/info"))
                    .header("Authorization", "Bearer " + token + "x").build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
        assertEquals(200, chosen.statusCode(), chosen.body());
        assertEquals(chosenId, chosen.headers().firstValue(RequestIdFilter.HEADER).orElse(null));
        String generatedId = generated.headers().firstValue(RequestIdFilter.HEADER).orElse("");
        assertTrue(generatedId.matches("[0-9a-f]{16}"), generatedId);
        assertEquals(401, refused.statusCode());
        String refusedId = refused.headers().firstValue(RequestIdFilter.HEADER).orElse("");
        assertNotEquals("", refusedId);

        String output = Files.readString(log, StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode json = RunningAgent.JSON.readTree(line);
            assertTrue(json.isObject(), line);
            for (String field : List.of("timestamp", "level", "logger", "message")) {
                assertTrue(json.hasNonNull(field), "no " + field + " in " + line);
            }
            lines.add(json);
        }
        assertTrue(lines.stream().anyMatch(j -> j.path("message").asText().startsWith("Startup completed")), output);
        assertTrue(lines.stream().anyMatch(j -> chosenId.equals(j.path("requestId").asText())
                && j.path("message").asText().startsWith("GET /agent/docker/containers -> 200")), output);
        assertTrue(lines.stream().anyMatch(j -> generatedId.equals(j.path("requestId").asText())), output);
        assertTrue(lines.stream().anyMatch(j -> refusedId.equals(j.path("requestId").asText())
                && j.path("message").asText().contains("-> 401")), output);
        assertFalse(output.contains(secret), "the secret is in the log");
        assertFalse(output.contains(token), "a token is in the log");
        LogAudit.scan("LoggingIT agent process", output);
    }

    private static URI uri(int port, String path) {
        return URI.create("https://127.0.0.1:" + port + path);
    }
}
