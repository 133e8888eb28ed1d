package io.bollard.plugin.docker;

import io.bollard.plugin.error.ApiException;
import io.bollard.testing.DockerScope;
import io.bollard.testing.TestDocker;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link DockerSocketGet} against the real engine's socket: a container's archive read whole, one given up after
 * its first bytes, Docker's errors, and an engine that is not there.
 */
class DockerSocketGetIT {

    private static final int BIG_MIB = 64;

    private static DockerScope scope;
    private static Path socket;
    private static String container;
    /** Each call's path and status, as the timer got them. */
    private static final List<String> TIMED = new CopyOnWriteArrayList<>();
    private static final DockerEndpoint.CallTimer CALLS = (method, path, status, nanos) ->
            TIMED.add(method + " " + path + " " + status);

    @BeforeAll
    static void start() {
        socket = new DockerEndpoint(TestDocker.host(), DockerEndpoint.CallTimer.NONE).unixSocket().orElse(null);
        Assumptions.assumeTrue(socket != null, "the engine is reached over TCP: socket reads are not used");
        scope = new DockerScope();
        container = scope.run(scope.name("archive"), Map.of(), "sh", "-c",
                "echo hello > /small.txt && busybox dd if=/dev/zero of=/big bs=1M count=" + BIG_MIB);
        scope.awaitState(container, "exited", Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (scope != null) {
            scope.close();
        }
    }

    @Test
    void aFilesArchiveIsReadWhole() throws IOException {
        String path = "/containers/" + container + "/archive?path=%2Fsmall.txt";
        try (DockerSocketGet answer = DockerSocketGet.open(socket, path, CALLS);
             TarArchiveInputStream tar = new TarArchiveInputStream(answer.body())) {
            assertEquals(200, answer.status());
            assertTrue(answer.ok());
            TarArchiveEntry entry = tar.getNextEntry();
            assertNotNull(entry);
            assertEquals("small.txt", entry.getName());
            assertArrayEquals("hello\n".getBytes(StandardCharsets.US_ASCII), tar.readAllBytes());
            assertEquals(null, tar.getNextEntry());
        }
        assertTrue(TIMED.contains("GET " + path + " 200"), TIMED.toString());
    }

    @Test
    void closingAfterTheFirstBytesDropsTheRestAtOnce() throws IOException {
        DockerSocketGet answer = DockerSocketGet.open(socket, "/containers/" + container + "/archive?path=%2Fbig",
                CALLS);
        InputStream body = answer.body();
        assertEquals(512, body.readNBytes(512).length, "the tar header");
        body.close();
        assertTrue(answer.received() < 4L * 1024 * 1024,
                "read " + answer.received() + " bytes of a " + BIG_MIB + " MiB file before giving up");
        assertThrows(IOException.class, body::read, "a closed answer reads no more");
    }

    @Test
    void closingFromAnotherThreadEndsAReadThatWaits() throws Exception {
        // A running container's archive of a pipe would block; a followed log is the simplest answer that waits.
        String ticker = scope.run(scope.name("ticker"), Map.of(), "sh", "-c", "while true; do sleep 1; done");
        DockerSocketGet answer = DockerSocketGet.open(socket, "/containers/" + ticker
                + "/logs?stdout=true&follow=true", CALLS);
        InputStream body = answer.body();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                outcome.set(body.read());
            } catch (IOException e) {
                outcome.set(e);
            }
        });
        Thread.sleep(300);
        assertTrue(reader.isAlive(), "the read waits for Docker");
        answer.close();
        reader.join(5_000);
        assertFalse(reader.isAlive(), "the read ended when the answer was closed");
        assertInstanceOf(IOException.class, outcome.get(), "the read ended with an error, not with data or the end");
    }

    @Test
    void dockersErrorsKeepTheirStatusAndMessage() throws IOException {
        String missing = "bollard-no-such-container-" + System.nanoTime();
        DockerSocketGet answer = DockerSocketGet.open(socket, "/containers/" + missing + "/archive?path=%2F", CALLS);
        assertEquals(404, answer.status());
        assertFalse(answer.ok());
        ApiException failure = answer.failure();
        assertEquals(404, failure.status().getCode());
        assertTrue(failure.getMessage().contains(missing), failure.getMessage());
        DockerSocketGet notAFile = DockerSocketGet.open(socket, "/containers/" + container
                + "/archive?path=%2Fno-such-file", CALLS);
        assertEquals(404, notAFile.status());
        assertTrue(notAFile.failure().getMessage().contains("no-such-file"));
    }

    @Test
    void anEngineThatIsNotThereIsAnIOExceptionAndTimedAsNoAnswer() {
        Path nowhere = Path.of("/tmp/bollard-no-docker-" + System.nanoTime() + ".sock");
        IOException e = assertThrows(IOException.class, () -> DockerSocketGet.open(nowhere, "/_ping", CALLS));
        assertTrue(DockerErrors.isUnreachable(e));
        assertTrue(TIMED.contains("GET /_ping 0"), TIMED.toString());
    }
}
