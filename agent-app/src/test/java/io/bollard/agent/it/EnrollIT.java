package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bollard.agent.config.AgentSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One-time enrollment: an agent started with {@code AGENT_ENROLL_TOKEN} hands out its secret once.
 */
class EnrollIT {

    private static final String TOKEN = "enroll-" + System.nanoTime() + "-abcdefgh";

    @TempDir
    Path work;

    private Map<String, String> enrollEnv(Path data) {
        return Map.of("AGENT_SECRET", "", "AGENT_ENROLL_TOKEN", TOKEN, "AGENT_DATA_DIR", data.toString());
    }

    @Test
    void enrollsOnceAndTheSecretWorksAfterARestart() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        String secret;
        try (RunningAgent agent = RunningAgent.start(enrollEnv(data))) {
            String someToken = RunningAgent.token("0123456789abcdef0123456789abcdef0123456789abcdef");
            assertError(agent.send(agent.authedWith("/agent/info", someToken).build()), 401, "unauthorized");
            assertError(enroll(agent, null), 401, "unauthorized");
            assertError(enroll(agent, "wrong-token-0123456789"), 401, "unauthorized");

            HttpResponse<String> first = enroll(agent, TOKEN);
            assertEquals(200, first.statusCode(), first.body());
            JsonNode enrolled = RunningAgent.json(first);
            secret = enrolled.path("secret").asText();
            assertTrue(secret.matches("[0-9a-f]{64}"), "256-bit secret: " + secret);
            JsonNode info = RunningAgent.json(agent.send(agent.authedWith("/agent/info", RunningAgent.token(secret))
                    .build()));
            assertEquals(info.path("agent_id").asText(), enrolled.path("agent_id").asText());
            assertEquals(info.path("tls_fingerprint").asText(), enrolled.path("tls_fingerprint").asText());
            assertEquals(info.path("version").asText(), enrolled.path("version").asText());
            assertTrue(enrolled.path("plugins").size() > 0);
            assertEquals(info.path("hostname").asText(), enrolled.path("hostname").asText());

            assertError(enroll(agent, TOKEN), 409, "already_enrolled");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    data.resolve(AgentSettings.STORED_SECRET_FILE))));
        }
        try (RunningAgent again = RunningAgent.start(enrollEnv(data))) {
            assertError(enroll(again, TOKEN), 409, "already_enrolled");
            assertEquals(200, again.send(again.authedWith("/agent/info", RunningAgent.token(secret)).build())
                    .statusCode());
            // The token command signs with the enrolled secret from the data folder.
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int exit = io.bollard.agent.Bollard.run(new String[]{"token"},
                    Map.of("AGENT_DATA_DIR", data.toString()), new PrintStream(out), System.err);
            assertEquals(0, exit);
            String cliToken = out.toString(StandardCharsets.UTF_8).trim();
            assertEquals(200, again.send(again.authedWith("/agent/info", cliToken).build()).statusCode());
        }
        // The token itself is spent: without the stored secret, it still cannot enroll the agent again.
        Files.delete(data.resolve(AgentSettings.STORED_SECRET_FILE));
        try (RunningAgent third = RunningAgent.start(enrollEnv(data))) {
            assertError(enroll(third, TOKEN), 409, "already_enrolled");
        }
    }

    @Test
    void concurrentEnrollmentsHaveOneWinner() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        try (RunningAgent agent = RunningAgent.start(enrollEnv(data));
             ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                // Half spell the scheme in lower case: HTTP's authentication schemes are case-insensitive.
                String scheme = i % 2 == 0 ? "bearer" : "Bearer";
                attempts.add(pool.submit(() -> enroll(agent, TOKEN, scheme).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : attempts) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(15, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        }
    }

    @Test
    void enrollmentIsOffWithASecret() {
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_ENROLL_TOKEN", TOKEN))) {
            assertError(enroll(agent, TOKEN), 404, "not_found");
        }
    }

    private static HttpResponse<String> enroll(RunningAgent agent, String token) {
        return enroll(agent, token, "Bearer");
    }

    private static HttpResponse<String> enroll(RunningAgent agent, String token, String scheme) {
        HttpRequest.Builder b = HttpRequest.newBuilder(agent.uri("/agent/enroll"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", scheme + " " + token);
        }
        return agent.send(b.build());
    }
}
