package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bollard.testing.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /agent/host/info}, {@code GET /agent/host/stats} and {@code /agent/host/stats/ws}.
 */
class HostIT {

    private static RunningAgent agent;

    @BeforeAll
    static void start() {
        agent = RunningAgent.start(Map.of("AGENT_HOST_PROC", "/proc"));
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void infoMatchesWhatDockerSays() {
        JsonNode info = RunningAgent.json(agent.get("/agent/host/info"));
        var docker = TestDocker.client().infoCmd().exec();
        assertEquals(docker.getName(), info.path("hostname").asText());
        assertEquals(docker.getOperatingSystem(), info.path("os").asText());
        assertEquals(docker.getKernelVersion(), info.path("kernel").asText());
        assertEquals(docker.getArchitecture(), info.path("architecture").asText());
        assertEquals(docker.getNCPU().intValue(), info.path("cpus").asInt());
        assertEquals(docker.getMemTotal().longValue(), info.path("memory_total").asLong());
        assertEquals(docker.getDriver(), info.path("storage_driver").asText());
        assertEquals(docker.getDockerRootDir(), info.path("docker_root_dir").asText());
        assertEquals(docker.getId(), info.path("engine_id").asText());
        assertEquals(TestDocker.client().versionCmd().exec().getApiVersion(), info.path("api_version").asText());
        assertTrue(info.path("swarm_node_id").isMissingNode() && info.path("swarm_role").isMissingNode(),
                "not in swarm: " + info);
        JsonNode agentInfo = RunningAgent.json(agent.get("/agent/info"));
        assertEquals(agentInfo.path("agent_id").asText(), info.path("agent_id").asText());
        assertEquals(agentInfo.path("version").asText(), info.path("agent_version").asText());
    }

    @Test
    void statsHaveEveryFigure() {
        JsonNode s = RunningAgent.json(agent.get("/agent/host/stats"));
        double cpu = s.path("cpu_percent").asDouble();
        assertTrue(cpu >= 0 && cpu <= 100, s.toString());
        assertEquals(3, s.path("load_average").size());
        // As /proc/loadavg writes them: two decimals at most.
        s.path("load_average").forEach(l -> assertTrue(l.asText().matches("\\d+(\\.\\d{1,2})?"), l.asText()));
        long total = s.path("memory_total").asLong();
        assertTrue(total > 0 && s.path("memory_used").asLong() > 0 && s.path("memory_used").asLong() <= total);
        assertTrue(s.path("swap_used").asLong() <= s.path("swap_total").asLong());
        assertTrue(s.path("uptime").asLong() > 0);
        assertTrue(s.path("network_rx").asLong() >= 0 && s.path("network_tx").asLong() >= 0);
        List<String> disks = s.path("disks").findValuesAsText("path");
        assertEquals(List.of("docker_root", "/"), disks, s.toString());
        for (JsonNode d : s.path("disks")) {
            assertTrue(d.path("total").asLong() > 0 && d.path("used").asLong() > 0
                    && d.path("used").asLong() <= d.path("total").asLong(), d.toString());
        }
    }

    @Test
    void aCloseFrameWithoutACodeIsAnsweredWithNormalClosure() throws Exception {
        // Browsers send ws.close() as a close frame with no code; the answer is 1000, not a protocol error.
        assertEquals(1000, WebSockets.closeCodeAnsweredTo(agent, "/agent/host/stats/ws?interval=1", new byte[0]));
        assertEquals(4001, WebSockets.closeCodeAnsweredTo(agent, "/agent/host/stats/ws?interval=1",
                new byte[]{0x0f, (byte) 0xa1}));
        // 1006 may not be sent: the socket ends, with one WARN line and no ERROR with a stack trace.
        assertTrue(WebSockets.closeCodeAnsweredTo(agent, "/agent/host/stats/ws?interval=1",
                new byte[]{0x03, (byte) 0xee}) > 1000);
    }

    @Test
    void webSocketSendsASampleEveryInterval() throws Exception {
        WebSockets.Session ws = WebSockets.open(agent, "/agent/host/stats/ws?interval=1");
        long start = System.nanoTime();
        ws.awaitFrames(2, Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(1500).toNanos(), "about one a second");
        JsonNode sample = ContainerLogsIT.parse(ws.frames().get(1));
        assertTrue(sample.path("memory_total").asLong() > 0, sample.toString());
        ws.close();

        for (String interval : new String[]{"0", "-1", "abc", "1.5", "99999999999"}) {
            WebSockets.Session bad = WebSockets.open(agent, "/agent/host/stats/ws?interval=" + interval);
            assertEquals(4400, bad.awaitClose().code(), interval);
            assertFalse(bad.frames().size() > 0, interval);
        }
    }

    @Test
    void badProcFolderStopsStartup() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.bollard.agent.config.SettingsException.class,
                () -> RunningAgent.start(Map.of("AGENT_HOST_PROC", "/tmp")));
        assertTrue(e.getMessage().startsWith("AGENT_HOST_PROC: "));
        assertError(agent.get("/agent/host/nothing"), 404, "not_found");
    }
}
