package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.testing.DockerScope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /agent/docker/containers/{id}/stats} and {@code /stats/ws}.
 */
class ContainerStatsIT {

    private static RunningAgent agent;
    private static DockerScope scope;
    private static String busy;

    @BeforeAll
    static void start() {
        agent = RunningAgent.start();
        scope = new DockerScope();
        // Burns CPU and holds some memory, so the figures are not all zero.
        busy = scope.run(scope.name("busy"), Map.of(), c -> c.withHostConfig(
                        com.github.dockerjava.api.model.HostConfig.newHostConfig().withMemory(128L * 1024 * 1024)),
                "sh", "-c", "yes > /dev/null & head -c 20000000 /dev/zero | tail -c 1 > /dev/null; sleep 600");
    }

    @AfterAll
    static void stop() {
        scope.close();
        agent.close();
    }

    @Test
    void oneSampleHasEveryFigure() {
        JsonNode s = RunningAgent.json(agent.get("/agent/docker/containers/" + busy + "/stats"));
        for (String field : List.of("cpu_percent", "memory_usage", "memory_limit", "memory_percent", "network_rx",
                "network_tx", "block_read", "block_write")) {
            assertTrue(s.has(field) && s.get(field).isNumber(), field + " in " + s);
        }
        assertTrue(s.path("cpu_percent").asDouble() > 1.0, "a busy loop uses CPU: " + s);
        assertEquals(128L * 1024 * 1024, s.path("memory_limit").asLong());
        assertTrue(s.path("memory_usage").asLong() > 0);
        double expectedPercent = 100.0 * s.path("memory_usage").asLong() / s.path("memory_limit").asLong();
        assertEquals(expectedPercent, s.path("memory_percent").asDouble(), 0.01);
    }

    @Test
    void webSocketSendsSamplesUntilClosed() throws Exception {
        ActiveStreams streams = agent.context().getBean(ActiveStreams.class);
        int before = streams.count("stats");
        WebSockets.Session ws = WebSockets.open(agent, "/agent/docker/containers/" + scope.name("busy") + "/stats/ws");
        ws.awaitFrames(2, Duration.ofSeconds(15));
        JsonNode sample = ContainerLogsIT.parse(ws.frames().get(1));
        assertTrue(sample.path("cpu_percent").isNumber(), sample.toString());
        assertEquals(128L * 1024 * 1024, sample.path("memory_limit").asLong());
        ws.close();
        ContainerLogsIT.awaitCount(streams, "stats", before);
    }
}
