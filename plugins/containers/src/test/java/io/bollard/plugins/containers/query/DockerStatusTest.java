package io.bollard.plugins.containers.query;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectContainerResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The details' status reads as Docker's list writes it. */
class DockerStatusTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void humanDurationsAsGoUnitsWritesThem() {
        assertEquals("Less than a second", DockerStatus.humanDuration(Duration.ofMillis(999)));
        assertEquals("1 second", DockerStatus.humanDuration(Duration.ofSeconds(1)));
        assertEquals("59 seconds", DockerStatus.humanDuration(Duration.ofSeconds(59)));
        assertEquals("About a minute", DockerStatus.humanDuration(Duration.ofSeconds(119)));
        assertEquals("59 minutes", DockerStatus.humanDuration(Duration.ofMinutes(59)));
        assertEquals("About an hour", DockerStatus.humanDuration(Duration.ofMinutes(89)));
        assertEquals("2 hours", DockerStatus.humanDuration(Duration.ofMinutes(90)));
        assertEquals("47 hours", DockerStatus.humanDuration(Duration.ofHours(47)));
        assertEquals("2 days", DockerStatus.humanDuration(Duration.ofHours(48)));
        assertEquals("2 weeks", DockerStatus.humanDuration(Duration.ofDays(14)));
        assertEquals("2 months", DockerStatus.humanDuration(Duration.ofDays(60)));
        assertEquals("2 years", DockerStatus.humanDuration(Duration.ofDays(731)));
    }

    @Test
    void statesAsDockersListWritesThem() throws Exception {
        // 4 minutes 59.9 seconds: Docker cuts, it does not round.
        assertEquals("Up 4 minutes", status("{\"Status\":\"running\",\"Running\":true,"
                + "\"StartedAt\":\"2026-11-24T11:55:00.123456789Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"}"));
        assertEquals("Up 5 minutes (healthy)", status("{\"Status\":\"running\",\"Running\":true,"
                + "\"StartedAt\":\"2026-11-24T11:55:00Z\",\"Health\":{\"Status\":\"healthy\"}}"));
        assertEquals("Up 2 seconds (health: starting)", status("{\"Status\":\"running\",\"Running\":true,"
                + "\"StartedAt\":\"2026-11-24T11:59:58Z\",\"Health\":{\"Status\":\"starting\"}}"));
        assertEquals("Up About an hour (Paused)", status("{\"Status\":\"paused\",\"Running\":true,\"Paused\":true,"
                + "\"StartedAt\":\"2026-11-24T11:00:00Z\"}"));
        assertEquals("Restarting (1) 3 seconds ago", status("{\"Status\":\"restarting\",\"Running\":true,"
                + "\"Restarting\":true,\"ExitCode\":1,\"StartedAt\":\"2026-11-24T11:00:00Z\","
                + "\"FinishedAt\":\"2026-11-24T11:59:57Z\"}"));
        assertEquals("Exited (137) 2 hours ago", status("{\"Status\":\"exited\",\"ExitCode\":137,"
                + "\"StartedAt\":\"2026-11-24T09:00:00Z\",\"FinishedAt\":\"2026-11-24T10:00:00Z\"}"));
        assertEquals("Created", status("{\"Status\":\"created\",\"StartedAt\":\"0001-01-01T00:00:00Z\","
                + "\"FinishedAt\":\"0001-01-01T00:00:00Z\"}"));
        assertEquals("Dead", status("{\"Status\":\"dead\",\"Dead\":true,\"StartedAt\":\"2026-11-24T09:00:00Z\"}"));
    }

    private static String status(String state) throws Exception {
        InspectContainerResponse i = JSON.readValue("{\"State\":" + state + "}", InspectContainerResponse.class);
        return DockerStatus.of(i.getState(), NOW);
    }
}
