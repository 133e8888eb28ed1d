package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.testing.DockerScope;
import io.bollard.testing.PrivateDockerd;
import io.bollard.testing.TestDocker;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /agent/docker/events} and {@code /events/ws}: filtered, shared, and resumed across Docker restarts.
 */
class EventsIT {

    @Test
    void hiddenContainersNeverShowUp() throws Exception {
        try (DockerScope scope = new DockerScope()) {
            String label = "io.bollard.test.events-" + scope.id();
            try (RunningAgent agent = RunningAgent.start(Map.of("DOCKER_FILTER", "label=" + label));
                 EventFollower follower = new EventFollower(agent, "")) {
                DockerClient docker = scope.docker();
                String network = scope.name("net");
                docker.createNetworkCmd().withName(network).withLabels(scope.labels()).exec();
                String hidden = scope.run(scope.name("hidden"), Map.of(), "sleep", "300");
                String shown = scope.run(scope.name("shown"), Map.of(label, "x"), "sleep", "300");
                exec(docker, hidden);
                exec(docker, shown);
                docker.connectToNetworkCmd().withNetworkId(network).withContainerId(hidden).exec();
                docker.connectToNetworkCmd().withNetworkId(network).withContainerId(shown).exec();
                docker.stopContainerCmd(hidden).withTimeout(1).exec();
                docker.stopContainerCmd(shown).withTimeout(1).exec();

                follower.await(EventFollower.is("container", "start", shown), Duration.ofSeconds(20));
                follower.await(EventFollower.is("container", "exec_start", shown), Duration.ofSeconds(20));
                JsonNode connect = follower.await(e -> "network".equals(e.path("type").asText())
                        && "connect".equals(e.path("action").asText()), Duration.ofSeconds(20));
                follower.await(EventFollower.is("container", "die", shown), Duration.ofSeconds(20));
                assertEquals("x", follower.await(EventFollower.is("container", "create", shown), Duration.ofSeconds(5))
                        .path("labels").path(label).asText());
                assertEquals(scope.name("shown"), follower.await(EventFollower.is("container", "create", shown),
                        Duration.ofSeconds(5)).path("name").asText());
                assertFalse(connect.path("time").asText().isEmpty());

                for (JsonNode e : follower.events()) {
                    String text = e.toString();
                    assertFalse(text.contains(hidden), "hidden container's event sent: " + text);
                    assertFalse(text.contains(scope.name("hidden")), "hidden container's event sent: " + text);
                }
                // Without a container, network events are hidden when a filter is in force.
                assertTrue(follower.events().stream().noneMatch(EventFollower.is("network", "create", null)::test));
            }
        }
    }

    /**
     * A filter on a label key that Docker also writes as an attribute of its events ({@code type} here, or
     * {@code exitCode}): an event's attributes then cannot tell the container's labels, so they are not taken as
     * them (an audit's visible container had all its events dropped, its {@code type} label left out as an attribute).
     */
    @Test
    void aFilterOnALabelKeyDockerUsesInEventsStillSeesItsContainers() throws Exception {
        try (DockerScope scope = new DockerScope()) {
            String value = "events-" + scope.id();
            try (RunningAgent agent = RunningAgent.start(Map.of("DOCKER_FILTER", "label=type=" + value));
                 EventFollower follower = new EventFollower(agent, "?type=container")) {
                String shown = scope.run(scope.name("typed"), Map.of("type", value), "true");
                String hidden = scope.run(scope.name("untyped"), Map.of(), "true");

                follower.await(EventFollower.is("container", "die", shown), Duration.ofSeconds(20));
                scope.awaitState(hidden, "exited", Duration.ofSeconds(20));
                Thread.sleep(500); // the hidden one's events, had they been sent, would be here by now
                for (JsonNode e : follower.events()) {
                    assertFalse(e.toString().contains(hidden), "hidden container's event sent: " + e);
                }
            }
        }
    }

    @Test
    void followersShareOneUpstreamAndAllGetEvents() throws Exception {
        try (DockerScope scope = new DockerScope(); RunningAgent agent = RunningAgent.start()) {
            ActiveStreams streams = agent.context().getBean(ActiveStreams.class);
            int followers = 200;
            List<WebSockets.Session> sockets = new ArrayList<>();
            Runtime rt = Runtime.getRuntime();
            System.gc();
            long before = rt.totalMemory() - rt.freeMemory();
            for (int i = 0; i < followers; i++) {
                sockets.add(WebSockets.open(agent, "/agent/docker/events/ws?type=container"));
            }
            for (WebSockets.Session s : sockets) {
                s.awaitFrames(1, Duration.ofSeconds(20));
            }
            System.gc();
            long after = rt.totalMemory() - rt.freeMemory();
            System.out.printf("events: %d followers, heap %+d KiB (%d bytes a follower, client side included)%n",
                    followers, (after - before) / 1024, (after - before) / followers);
            ContainerLogsIT.awaitCount(streams, "events", 1);

            String id = scope.run(scope.name("seen-by-all"), Map.of(), "true");
            for (WebSockets.Session s : sockets) {
                long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (s.frames().stream().noneMatch(f -> f.contains(id) && f.contains("\"start\""))
                        && System.nanoTime() < end) {
                    Thread.sleep(20);
                }
                assertTrue(s.frames().stream().anyMatch(f -> f.contains(id) && f.contains("\"start\"")),
                        "a follower missed the event: " + s.frames());
            }
            assertEquals(1, streams.count("events"), "one upstream for " + followers + " followers");
            sockets.forEach(WebSockets.Session::close);
            ContainerLogsIT.awaitCount(streams, "events", 0);
        }
    }

    @Test
    void pastEventsAndTypes() throws Exception {
        try (DockerScope scope = new DockerScope(); RunningAgent agent = RunningAgent.start()) {
            long since = System.currentTimeMillis() / 1000 - 1;
            String id = scope.run(scope.name("past"), Map.of(), "true");
            scope.awaitState(id, "exited", Duration.ofSeconds(20));
            long until = System.currentTimeMillis() / 1000 + 1;
            var answer = agent.get("/agent/docker/events?since=" + since + "&until=" + until + "&type=container");
            assertEquals(200, answer.statusCode());
            List<JsonNode> events = answer.body().lines().map(ContainerLogsIT::parse).toList();
            assertTrue(events.stream().anyMatch(EventFollower.is("container", "create", id)::test), answer.body());
            assertTrue(events.stream().anyMatch(EventFollower.is("container", "die", id)::test), answer.body());
            assertTrue(events.stream().allMatch(e -> List.of("container", "agent").contains(e.path("type").asText())));

            var images = agent.get("/agent/docker/events?since=" + since + "&until=" + until + "&type=image");
            assertTrue(images.body().lines().map(ContainerLogsIT::parse)
                    .noneMatch(e -> "container".equals(e.path("type").asText())), images.body());
            assertError(agent.get("/agent/docker/events?type=bogus"), 400, "bad_request");
            assertError(agent.get("/agent/docker/events?since=yesterday"), 400, "bad_request");
            assertError(agent.get("/agent/docker/events?since=10m&until=2h"), 400, "bad_request");
        }
    }

    @Test
    void dockerRestartIsReportedAndNothingIsLost() throws Exception {
        Assumptions.assumeTrue(PrivateDockerd.possible(), "needs root, dockerd and unshare for a private daemon");
        try (PrivateDockerd dockerd = PrivateDockerd.start();
             RunningAgent agent = RunningAgent.start(Map.of("DOCKER_HOST", dockerd.host()));
             EventFollower follower = new EventFollower(agent, "?type=container")) {
            DockerClient docker = TestDocker.client(dockerd.host());
            String image = TestDocker.busybox(docker, dockerd.host());
            String before = docker.createContainerCmd(image).withCmd("true")
                    .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec().getId();
            follower.await(EventFollower.is("container", "create", before), Duration.ofSeconds(20));

            dockerd.stop();
            follower.await(EventFollower.is("agent", "docker-disconnected", null), Duration.ofSeconds(30));
            dockerd.startAgain();
            follower.await(EventFollower.is("agent", "docker-reconnected", null), Duration.ofSeconds(30));
            // A new client: the old one's pooled connections died with the daemon.
            docker = TestDocker.client(dockerd.host());
            String after = docker.createContainerCmd(image).withCmd("true")
                    .withHostConfig(com.github.dockerjava.api.model.HostConfig.newHostConfig().withNetworkMode("none"))
                    .exec().getId();
            follower.await(EventFollower.is("container", "create", after), Duration.ofSeconds(30));
            assertFalse(follower.ended(), "the client's connection was kept");
            assertEquals(1, follower.events().stream().filter(EventFollower.is("container", "create", before)::test)
                    .count(), "no event sent twice after resuming");
        }
    }

    private static void exec(DockerClient docker, String id) throws InterruptedException {
        String execId = docker.execCreateCmd(id).withCmd("true").exec().getId();
        docker.execStartCmd(execId).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<>())
                .awaitCompletion();
    }
}
