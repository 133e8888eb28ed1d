package io.bollard.agent.it;

import io.bollard.testing.DockerScope;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /metrics}: Prometheus text with request counts and latencies by route and status, Docker calls by path
 * and outcome, open streams by kind and JVM memory; a token is needed unless {@code AGENT_METRICS_PUBLIC=true}.
 */
class MetricsIT {

    @Test
    void servesRequestDockerStreamAndJvmMeters() throws Exception {
        try (RunningAgent agent = RunningAgent.start(); DockerScope scope = new DockerScope()) {
            String id = scope.run(scope.name("metrics"), Map.of(), "sleep", "300");
            assertEquals(200, agent.get("/agent/docker/containers?all=true").statusCode());
            assertEquals(200, agent.get("/agent/docker/containers/" + id).statusCode());
            assertEquals(404, agent.get("/agent/docker/containers/bollard-no-such-container").statusCode());
            // The log is read from Docker's socket without docker-java, and timed all the same.
            assertEquals(200, agent.get("/agent/docker/containers/" + id + "/logs").statusCode());
            HttpResponse<InputStream> events = agent.http().sendAsync(agent.authed("/agent/docker/events").GET()
                    .build(), HttpResponse.BodyHandlers.ofInputStream()).get(30, TimeUnit.SECONDS);
            assertEquals(200, events.statusCode());
            try (InputStream open = events.body()) {
                HttpResponse<String> metrics = agent.get("/metrics");
                assertEquals(200, metrics.statusCode(), metrics.body());
                assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
                String text = metrics.body();
                assertLine(text, "http_server_requests_seconds_count{", "uri=\"/agent/docker/containers\"",
                        "status=\"200\"");
                assertLine(text, "http_server_requests_seconds_count{", "uri=\"/agent/docker/containers/{id}\"",
                        "status=\"200\"");
                // Micronaut files every 404 under one uri, so unknown paths cannot multiply the series.
                assertLine(text, "http_server_requests_seconds_count{", "uri=\"NOT_FOUND\"", "status=\"404\"");
                assertLine(text, "http_server_requests_seconds_sum{", "uri=\"/agent/docker/containers\"");
                assertLine(text, "bollard_docker_requests_seconds_count{", "path=\"/containers/json\"",
                        "outcome=\"SUCCESS\"", "status=\"200\"");
                assertLine(text, "bollard_docker_requests_seconds_count{", "path=\"/containers/{id}/json\"",
                        "outcome=\"CLIENT_ERROR\"", "status=\"404\"");
                assertLine(text, "bollard_docker_requests_seconds_count{", "path=\"/containers/{id}/logs\"",
                        "method=\"GET\"", "outcome=\"SUCCESS\"", "status=\"200\"");
                assertLine(text, "bollard_streams_open{", "kind=\"events\"", "} 1");
                assertLine(text, "bollard_streams_open{", "kind=\"logs\"", "} 0");
                assertLine(text, "bollard_streams_open{", "kind=\"pull\"", "} 0");
                assertLine(text, "jvm_memory_used_bytes{", "area=\"heap\"");
                assertTrue(!text.contains(agent.secret()), "no secret in the metrics");
            }
        }
    }

    @Test
    void underAFilterDockerCountersDoNotTellHiddenFromMissing() {
        try (DockerScope scope = new DockerScope();
             RunningAgent agent = RunningAgent.start(Map.of("DOCKER_FILTER",
                     "label=" + DockerScope.LABEL + "=" + scope.id() + "-visible"))) {
            String hidden = scope.run(scope.name("hidden"), Map.of(), "sleep", "300");
            String before = dockerInspectCounts(agent);
            assertEquals(404, agent.get("/agent/docker/containers/" + hidden).statusCode());
            String afterHidden = dockerInspectCounts(agent);
            assertEquals(404, agent.get("/agent/docker/containers/bollard-no-such-" + scope.id()).statusCode());
            String afterMissing = dockerInspectCounts(agent);
            // Both lookups add one to the same series: status and outcome say only that Docker answered.
            assertTrue(afterHidden.contains("status=\"answered\"") && afterHidden.contains("outcome=\"ANSWERED\""),
                    afterHidden);
            assertEquals(count(before) + 1, count(afterHidden), afterHidden);
            assertEquals(count(afterHidden) + 1, count(afterMissing), afterMissing);
            assertEquals(afterHidden.lines().count(), afterMissing.lines().count(), afterMissing);
            // An id prefix is looked up among the visible containers, never sent to Docker: Docker's answer to one
            // that hidden containers share (a 500, "multiple IDs") told that they exist (an outside audit's find).
            for (String prefix : List.of(hidden.substring(0, 1), hidden.substring(0, 12))) {
                assertEquals(404, agent.get("/agent/docker/containers/" + prefix).statusCode());
            }
            assertEquals(afterMissing, dockerInspectCounts(agent));
        }
    }

    /** The inspect counters' lines, sorted. */
    private static String dockerInspectCounts(RunningAgent agent) {
        return agent.get("/metrics").body().lines()
                .filter(l -> l.startsWith("bollard_docker_requests_seconds_count{")
                        && l.contains("path=\"/containers/{id}/json\""))
                .sorted().reduce("", (a, b) -> a + b + "\n");
    }

    private static long count(String lines) {
        return lines.lines().mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void needsATokenUnlessPublic() {
        try (RunningAgent agent = RunningAgent.start()) {
            HttpResponse<String> anonymous = agent.send(HttpRequest.newBuilder(agent.uri("/metrics")).build());
            assertEquals(401, anonymous.statusCode());
        }
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_METRICS_PUBLIC", "true"))) {
            HttpResponse<String> anonymous = agent.send(HttpRequest.newBuilder(agent.uri("/metrics")).build());
            assertEquals(200, anonymous.statusCode());
            assertTrue(anonymous.body().contains("jvm_memory_used_bytes"));
            // Only the metrics are opened.
            assertEquals(401, agent.send(HttpRequest.newBuilder(agent.uri("/agent/info")).build()).statusCode());
            assertEquals(401, agent.send(HttpRequest.newBuilder(agent.uri("/agent/info"))
                    .header("Authorization", "Bearer not-a-token").build()).statusCode());
            // Refusals by the security filters are counted too, under their route, once each.
            String text = agent.send(HttpRequest.newBuilder(agent.uri("/metrics")).build()).body();
            assertLine(text, "http_server_requests_seconds_count{", "uri=\"/agent/info\"", "status=\"401\"",
                    "method=\"GET\"", "} 2");
            assertLine(text, "http_server_requests_seconds_count{", "uri=\"/metrics\"", "status=\"200\"", "} 1");
        }
    }

    private static void assertLine(String text, String... parts) {
        boolean found = text.lines().anyMatch(line -> {
            for (String part : parts) {
                if (!line.contains(part)) {
                    return false;
                }
            }
            return true;
        });
        assertTrue(found, "no line with " + String.join(" and ", parts) + " in:\n" + text);
    }
}
