package io.bollard.agent.it;

import io.bollard.agent.Bollard;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code healthcheck}: exit 0 when the agent and Docker answer, 1 when Docker or the agent does not, over the
 * agent's own TLS listener.
 */
class HealthcheckIT {

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
