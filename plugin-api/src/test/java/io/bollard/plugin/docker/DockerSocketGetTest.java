package io.bollard.plugin.docker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@link DockerSocketGet} reads the ways an HTTP answer can be framed, and the ways it can be broken, from a
 * socket that sends fixed bytes (the engine decides which framing it uses, so these cannot all be had from it;
 * {@code DockerSocketGetIT} reads the engine's own answers).
 */
class DockerSocketGetTest {

    private Path dir;
    private Path socket;
    private Thread server;

    @BeforeEach
    void folder() throws IOException {
        dir = Files.createTempDirectory("bollard-socket-get");
        socket = dir.resolve("docker.sock");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.join(5_000);
        }
        Files.deleteIfExists(socket);
        Files.deleteIfExists(dir);
    }

    /** Serves one connection: reads the request's head, then writes the answer in pieces of the given size. */
    private void serve(byte[] answer, int pieceSize) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        server = Thread.ofPlatform().start(() -> {
            try (listener; SocketChannel client = listener.accept()) {
                ByteBuffer request = ByteBuffer.allocate(4096);
                while (!new String(request.array(), 0, request.position(), StandardCharsets.US_ASCII)
                        .contains("\r\n\r\n")) {
                    if (client.read(request) < 0) {
                        return;
                    }
                }
                for (int at = 0; at < answer.length; at += pieceSize) {
                    client.write(ByteBuffer.wrap(answer, at, Math.min(pieceSize, answer.length - at)));
                }
            } catch (IOException ignored) {
                // The reader closed first: what some tests do.
            }
        });
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] chunked(byte[] body, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii("HTTP/1.1 200 OK\r\nContent-Type: application/x-tar\r\nTransfer-Encoding: chunked\r\n\r\n"));
        for (int at = 0; at < body.length; at += chunkSize) {
            int n = Math.min(chunkSize, body.length - at);
            out.writeBytes(ascii(Integer.toHexString(n) + "\r\n"));
            out.write(body, at, n);
            out.writeBytes(ascii("\r\n"));
        }
        out.writeBytes(ascii("0\r\n\r\n"));
        return out.toByteArray();
    }

    private static byte[] body(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @Test
    void aChunkedBodyIsReassembledWhateverTheReadSizes() throws IOException {
        byte[] body = body(300_000);
        serve(chunked(body, 10_000), 777);
        try (DockerSocketGet answer = DockerSocketGet.open(socket, "/containers/x/archive?path=%2F",
                DockerEndpoint.CallTimer.NONE)) {
            assertEquals(200, answer.status());
            assertArrayEquals(body, answer.body().readAllBytes());
            assertTrue(answer.received() > body.length);
        }
    }

    @Test
    void aBodyWithALengthEndsAtIt() throws IOException {
        assertBodyReadWhole("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n", body(5000), 1000);
    }

    @Test
    void aBodyWithoutLengthRunsToTheConnectionsEnd() throws IOException {
        assertBodyReadWhole("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", body(70_000), 4096);
    }

    /** Serves the head and the body, in pieces of the given size, and checks that the body is read as sent. */
    private void assertBodyReadWhole(String head, byte[] body, int pieceSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ascii(head));
        out.writeBytes(body);
        serve(out.toByteArray(), pieceSize);
        try (DockerSocketGet answer = DockerSocketGet.open(socket, "/x", DockerEndpoint.CallTimer.NONE)) {
            assertArrayEquals(body, answer.body().readAllBytes());
        }
    }

    @Test
    void aChunkedBodyCutShortFailsInsteadOfEndingQuietly() throws IOException {
        byte[] whole = chunked(body(50_000), 8192);
        serve(Arrays.copyOf(whole, whole.length / 2), 4096);
        try (DockerSocketGet answer = DockerSocketGet.open(socket, "/x", DockerEndpoint.CallTimer.NONE)) {
            InputStream in = answer.body();
            IOException e = assertThrows(DockerSocketGet.BadAnswerException.class, in::readAllBytes);
            assertTrue(e.getMessage().contains("cut short") || e.getMessage().contains("before the end"),
                    e.getMessage());
        }
    }

    @Test
    void somethingElseThanHttpIsRefusedAtTheHead() throws IOException {
        serve(ascii("SSH-2.0-OpenSSH_9.2\r\n"), 100);
        assertThrows(DockerSocketGet.BadAnswerException.class,
                () -> DockerSocketGet.open(socket, "/x", DockerEndpoint.CallTimer.NONE));
    }

    @Test
    void aLongHeaderIsRead() throws IOException {
        // Docker's X-Docker-Container-Path-Stat holds a link's target (up to 4 KiB), base64 of JSON.
        String stat = "A".repeat(12_000);
        serve(ascii("HTTP/1.1 200 OK\r\nX-Docker-Container-Path-Stat: " + stat + "\r\nContent-Length: 2\r\n\r\nok"),
                1000);
        try (DockerSocketGet answer = DockerSocketGet.open(socket, "/x", DockerEndpoint.CallTimer.NONE)) {
            assertArrayEquals(ascii("ok"), answer.body().readAllBytes());
        }
    }

    @Test
    void anErrorAnswerCarriesDockersMessageAndStatus() throws IOException {
        String json = "{\"message\":\"Could not find the file /nope in container x\"}";
        serve(ascii("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: " + json.length()
                + "\r\n\r\n" + json), 1000);
        try (DockerSocketGet answer = DockerSocketGet.open(socket, "/x", DockerEndpoint.CallTimer.NONE)) {
            assertEquals(404, answer.status());
            assertEquals("Could not find the file /nope in container x", answer.failure().getMessage());
        }
    }

    @Test
    void statusesMapAsDockerJavasWould() {
        assertEquals(404, DockerSocketGet.failure(404, "{\"message\":\"No such container: abc\"}").status().getCode());
        assertEquals("No such container: abc",
                DockerSocketGet.failure(404, "{\"message\":\"No such container: abc\"}").getMessage());
        assertEquals(502, DockerSocketGet.failure(500, "{\"message\":\"engine broke\"}").status().getCode());
        assertEquals(409, DockerSocketGet.failure(409, "{\"message\":\"busy\"}").status().getCode());
        assertEquals(400, DockerSocketGet.failure(400, "{\"message\":\"bad\"}").status().getCode());
        assertEquals("docker_unauthorized", DockerSocketGet.failure(401, "{\"message\":\"no\"}").body().error());
    }

    @Test
    void theRequestClosesTheConnectionAfterTheAnswer() {
        assertEquals("GET /containers/abc/archive?path=%2Fa HTTP/1.1\r\nHost: docker\r\nUser-Agent: bollard\r\n"
                + "Connection: close\r\n\r\n", new String(DockerSocketGet.request("/containers/abc/archive?path=%2Fa"),
                StandardCharsets.US_ASCII));
    }
}
