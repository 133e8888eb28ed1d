package io.bollard.agent.it;

import io.bollard.agent.Bollard;
import io.bollard.agent.health.HealthFileWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code healthcheck}: exit 0 when the agent and Docker answer, 1 when Docker or the agent does not, over the
 * agent's own TLS listener; and the running agent's own verdict in {@code AGENT_HEALTH_FILE}, which the image's
 * health check reads instead of starting a JVM.
 */
class HealthcheckIT {

    @TempDir
    Path work;

    @Test
    void healthyWhenAgentAndDockerAnswer() {
        try (RunningAgent agent = RunningAgent.start()) {
            Result r = healthcheck(agent, Map.of());
            assertEquals(0, r.exit(), r.out());
            assertTrue(r.out().startsWith("healthy"), r.out());
        }
    }

    @Test
    void unhealthyWhenDockerDoesNotAnswer() {
        try (RunningAgent agent = RunningAgent.start(Map.of("DOCKER_HOST", "unix:///tmp/bollard-no-docker.sock"))) {
            Result r = healthcheck(agent, Map.of());
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.out().contains("Docker does not"), r.out());
        }
    }

    @Test
    void unhealthyWhenTheAgentDoesNotAnswer() {
        Result r;
        try (RunningAgent agent = RunningAgent.start()) {
            r = healthcheck(agent, Map.of("AGENT_PORT", String.valueOf(RunningAgent.freePort())));
        }
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("does not answer"), r.out());
    }

    @Test
    void plainHttpAgentToo() {
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_TLS", "off"))) {
            // Every spelling of false the agent takes, the healthcheck takes too.
            for (String off : new String[]{"false", "off", "no", "0", "False"}) {
                Result r = healthcheck(agent, Map.of("AGENT_TLS", off));
                assertEquals(0, r.exit(), off + ": " + r.out());
            }
        }
    }

    @Test
    void aBadSettingIsNamedNotAStackTrace() {
        try (RunningAgent agent = RunningAgent.start()) {
            Result r = healthcheck(agent, Map.of("AGENT_PORT", "abc"));
            assertEquals(1, r.exit());
            assertEquals("unhealthy: AGENT_PORT: 'abc' is not a port number (1-65535)", r.out().strip());
        }
    }

    @Test
    void theRunningAgentWritesItsVerdictAndRemovesItWhenItStops() throws Exception {
        Path file = work.resolve("health");
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_HEALTH_FILE", file.toString()))) {
            assertEquals("healthy: the agent and Docker answer", awaitVerdict(file));
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)));
            agent.context().close();
            assertFalse(Files.exists(file), "a stopped agent's verdict is removed, never left to look current");
        }
        // Another agent's verdict in the same place (a shared /dev/shm) is left alone.
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_HEALTH_FILE", file.toString()))) {
            awaitVerdict(file);
            Files.writeString(file, "healthy: another agent's\nwriter 1 1\n");
            agent.context().close();
            assertTrue(Files.exists(file), "another writer's file stays");
        }
    }

    @Test
    void theVerdictSaysWhenDockerDoesNotAnswer() throws Exception {
        Path file = work.resolve("health");
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_HEALTH_FILE", file.toString(),
                "DOCKER_HOST", "unix:///tmp/bollard-no-docker.sock", "AGENT_TLS", "false"))) {
            String verdict = awaitVerdict(file);
            assertTrue(verdict.startsWith("unhealthy: the agent answers 503 but Docker does not"), verdict);
        }
    }

    @Test
    void underMutualTlsTheProbePresentsTheHealthcheckCertificate() throws Exception {
        TestPki.Pair ca = TestPki.ca("bollard health CA");
        TestPki.Pair client = TestPki.client(ca, "health probe");
        Path caFile = work.resolve("ca.pem");
        Path certFile = work.resolve("probe.pem");
        Path keyFile = work.resolve("probe-key.pem");
        TestPki.writePem(caFile, ca.cert());
        TestPki.writePem(certFile, client.cert());
        TestPki.writePem(keyFile, client.keys().getPrivate());
        Path file = work.resolve("health");
        Path without = work.resolve("health-without");
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_HEALTH_FILE", file.toString(),
                "AGENT_TLS_CLIENT_CA", caFile.toString(), "AGENT_HEALTHCHECK_CERT", certFile.toString(),
                "AGENT_HEALTHCHECK_KEY", keyFile.toString()))) {
            assertEquals("healthy: the agent and Docker answer", awaitVerdict(file));
        }
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_HEALTH_FILE", without.toString(),
                "AGENT_TLS_CLIENT_CA", caFile.toString()))) {
            String verdict = awaitVerdict(without);
            assertTrue(verdict.startsWith("unhealthy: the agent does not answer"), verdict);
            assertTrue(verdict.endsWith("set AGENT_HEALTHCHECK_CERT and AGENT_HEALTHCHECK_KEY)"), verdict);
        }
        // A probe certificate renewed in place is used from the next probe on.
        Path renewed = work.resolve("health-renewed");
        TestPki.Pair stranger = TestPki.client(TestPki.ca("someone else"), "old probe");
        TestPki.writePem(certFile, stranger.cert());
        TestPki.writePem(keyFile, stranger.keys().getPrivate());
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_HEALTH_FILE", renewed.toString(),
                "AGENT_TLS_CLIENT_CA", caFile.toString(), "AGENT_HEALTHCHECK_CERT", certFile.toString(),
                "AGENT_HEALTHCHECK_KEY", keyFile.toString()))) {
            assertTrue(awaitVerdict(renewed).startsWith("unhealthy"));
            TestPki.writePem(certFile, client.cert());
            TestPki.writePem(keyFile, client.keys().getPrivate());
            agent.context().getBean(HealthFileWriter.class).probeAndWrite();
            assertEquals("healthy: the agent and Docker answer", Files.readAllLines(renewed).get(0));
        }
    }

    @Test
    void withoutTheSettingThereIsNoWriter() {
        try (RunningAgent agent = RunningAgent.start()) {
            assertFalse(agent.context().containsBean(HealthFileWriter.class));
        }
    }

    /** The first verdict the agent writes (it probes itself as soon as its listener is up). */
    private static String awaitVerdict(Path file) throws IOException, InterruptedException {
        long end = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), "no verdict in " + file + " within 20 s");
        java.util.List<String> lines = Files.readAllLines(file);
        // The writer: this process (the agent runs inside the test's JVM) and its start time, for the entrypoint.
        assertTrue(lines.get(1).matches("writer " + ProcessHandle.current().pid() + " \\d+"), lines.toString());
        return lines.get(0);
    }

    private record Result(int exit, String out) {
    }

    private static Result healthcheck(RunningAgent agent, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("AGENT_PORT", String.valueOf(agent.port()));
        env.put("AGENT_DATA_DIR", agent.dataDir().toString());
        env.putAll(extra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Bollard.run(new String[]{"healthcheck"}, env, new PrintStream(out), new PrintStream(out));
        return new Result(exit, out.toString(StandardCharsets.UTF_8));
    }
}
