package io.bollard.plugins.containers.logs;

import io.bollard.plugin.docker.DockerEndpoint;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.testing.DockerScope;
import io.bollard.testing.TestDocker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SocketLogReader} against the real engine's socket: Docker's errors, an engine that is not there, and a
 * followed log dropped by its subscriber.
 */
class SocketLogReaderIT {

    private static final LogQuery ALL = new LogQuery(null, null, null, false, false, true, true);

    private static DockerScope scope;
    private static SocketLogReader reader;
    private static final ActiveStreams STREAMS = new ActiveStreams();
    /** Each call's path and status, as the timer got them. */
    private static final List<String> TIMED = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final DockerEndpoint.CallTimer CALLS = (method, path, status, nanos) ->
            TIMED.add(method + " " + path.substring(0, path.indexOf('?')) + " " + status);

    @BeforeAll
    static void start() {
        Path socket = new DockerEndpoint(TestDocker.host(), DockerEndpoint.CallTimer.NONE).unixSocket().orElse(null);
        Assumptions.assumeTrue(socket != null, "the engine is reached over TCP: the socket reader is not used");
        reader = new SocketLogReader(socket, CALLS);
        scope = new DockerScope();
    }

    @AfterAll
    static void stop() {
        if (scope != null) {
            scope.close();
        }
    }

    private static Flux<List<LogLine>> read(SocketLogReader r, String id, LogQuery query) {
        return r.lines(id, query, false, () -> STREAMS.open(ContainerLogs.STREAM_KIND));
    }

    @Test
    void dockersNotFoundIsA404WithDockersMessage() {
        ApiException e = assertThrows(ApiException.class,
                () -> read(reader, "bollard-no-such-container-" + System.nanoTime(), ALL).blockLast());
        assertEquals(404, e.status().getCode());
        assertTrue(e.getMessage().startsWith("No such container"), e.getMessage());
        assertEquals(0, STREAMS.count(ContainerLogs.STREAM_KIND));
        assertTrue(TIMED.stream().anyMatch(t -> t.startsWith("GET /containers/bollard-no-such-container-")
                && t.endsWith(" 404")), TIMED.toString());
    }

    @Test
    void anEngineThatIsNotThereIs503() {
        SocketLogReader nowhere = new SocketLogReader(Path.of("/tmp/bollard-no-docker-" + System.nanoTime() + ".sock"),
                CALLS);
        ApiException e = assertThrows(ApiException.class, () -> read(nowhere, "any", ALL).blockLast());
        assertEquals(503, e.status().getCode());
        assertEquals(0, STREAMS.count(ContainerLogs.STREAM_KIND));
        assertTrue(TIMED.contains("GET /containers/any/logs 0"), "a call Docker did not answer is timed: " + TIMED);
    }

    @Test
    void aFollowedLogEndsWhenItsSubscriberLeaves() throws Exception {
        String id = scope.run(scope.name("follow"), Map.of(), "sh", "-c",
                "i=0; while true; do i=$((i+1)); echo tick $i; sleep 0.1; done");
        LogQuery follow = new LogQuery(null, null, null, false, true, true, true);
        List<LogLine> lines = read(reader, id, follow).flatMapIterable(b -> b).take(5).collectList()
                .block(Duration.ofSeconds(20));
        assertEquals(5, lines.size());
        assertEquals("tick 1", lines.get(0).line());
        assertEquals("stdout", lines.get(0).stream());
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (STREAMS.count(ContainerLogs.STREAM_KIND) != 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertEquals(0, STREAMS.count(ContainerLogs.STREAM_KIND), "the reader closed Docker's stream");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("docker-logs-" + id.substring(0, 12))) {
                t.join(5_000);
                assertFalse(t.isAlive(), "the reading thread ended");
            }
        }
    }

    @Test
    void aReadOfManyShortLinesComesInBoundedBatches() {
        String id = scope.run(scope.name("short-lines"), Map.of(), "sh", "-c", "busybox seq 1 20000");
        scope.awaitState(id, "exited", Duration.ofSeconds(20));
        List<List<LogLine>> batches = read(reader, id, ALL).collectList().block(Duration.ofSeconds(20));
        assertTrue(batches.stream().allMatch(b -> !b.isEmpty() && b.size() <= SocketLogReader.MAX_BATCH_LINES),
                "batch sizes: " + batches.stream().map(List::size).toList());
        List<String> lines = batches.stream().flatMap(List::stream).map(LogLine::line).toList();
        assertEquals(20000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            assertEquals(String.valueOf(i + 1), lines.get(i));
        }
    }

    @Test
    void aFinishedLogCompletes() {
        String id = scope.run(scope.name("done"), Map.of(), "sh", "-c", "echo out; echo err >&2");
        scope.awaitState(id, "exited", Duration.ofSeconds(20));
        List<LogLine> lines = read(reader, id, ALL).flatMapIterable(b -> b).collectList().block(Duration.ofSeconds(20));
        assertEquals(2, lines.size());
        assertTrue(lines.contains(new LogLine("stdout", null, "out")), lines.toString());
        assertTrue(lines.contains(new LogLine("stderr", null, "err")), lines.toString());
        assertTrue(TIMED.contains("GET /containers/" + id + "/logs 200"), TIMED.toString());
    }
}
