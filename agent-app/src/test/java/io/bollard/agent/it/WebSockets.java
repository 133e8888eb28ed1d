package io.bollard.agent.it;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client for tests, on the JDK's own client: collects text frames and the close code.
 */
final class WebSockets {

    private WebSockets() {
    }

    record Closed(int code, String reason) {
    }

    /** One open socket. */
    static final class Session implements WebSocket.Listener {
        private final List<String> frames = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Closed> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private volatile WebSocket socket;

        @Override
        public void onOpen(WebSocket webSocket) {
            this.socket = webSocket;
            webSocket.request(Long.MAX_VALUE);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(partial.toString());
                partial.setLength(0);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error)));
        }

        List<String> frames() {
            return frames;
        }

        Closed awaitClose() throws Exception {
            return closed.get(30, TimeUnit.SECONDS);
        }

        boolean isClosed() {
            return closed.isDone();
        }

        void awaitFrames(int count, Duration timeout) throws InterruptedException {
            long end = System.nanoTime() + timeout.toNanos();
            while (frames.size() < count && System.nanoTime() < end && !closed.isDone()) {
                Thread.sleep(50);
            }
            if (frames.size() < count) {
                throw new AssertionError("got " + frames.size() + " of " + count + " frames: " + frames
                        + (closed.isDone() ? ", closed: " + closed.join() : ""));
            }
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }

        void abort() {
            socket.abort();
        }
    }

    static Session open(RunningAgent agent, String path) {
        return open(agent, path, Map.of("Authorization", "Bearer " + agent.token()));
    }

    static Session open(RunningAgent agent, String path, Map<String, String> headers) {
        Session session = new Session();
        WebSocket.Builder builder = agent.http().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        builder.buildAsync(agent.wsUri(path), session).join();
        return session;
    }

    /**
     * Opens a socket over a raw TLS connection, sends a close frame with the given payload (empty: no code, as a
     * browser's {@code ws.close()} sends it) and returns the code of the close frame the agent answers with, or
     * 1005 when it carries none.
     */
    static int closeCodeAnsweredTo(RunningAgent agent, String path, byte[] closePayload) throws Exception {
        javax.net.ssl.SSLContext tls = RunningAgent.trusting(agent.dataDir().resolve("certs/agent-cert.pem"));
        try (java.net.Socket socket = tls.getSocketFactory().createSocket("127.0.0.1", agent.port())) {
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + agent.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + agent.token() + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            if (!head.toString().startsWith("HTTP/1.1 101")) {
                throw new AssertionError("no upgrade: " + head);
            }
            byte[] mask = {1, 2, 3, 4};
            java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
            frame.write(0x88);
            frame.write(0x80 | closePayload.length);
            frame.write(mask);
            for (int i = 0; i < closePayload.length; i++) {
                frame.write(closePayload[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
            out.flush();
            while (true) {
                int opcode = in.readUnsignedByte() & 0x0f;
                int length = in.readUnsignedByte() & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = (int) in.readLong();
                }
                byte[] payload = in.readNBytes(length);
                if (opcode == 0x8) {
                    return payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
                }
            }
        }
    }
}
