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
}
