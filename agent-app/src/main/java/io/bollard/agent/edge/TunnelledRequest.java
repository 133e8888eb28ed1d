package io.bollard.agent.edge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request from the server, on its way through the loopback listener and back: a short answer with a known
 * length goes back whole in one {@code response}; any other goes back as a {@code response} head, {@code chunk}s and
 * an {@code end}, reading the next piece from the listener only once the last one was sent (so a server that does
 * not keep up pauses the stream, and back through the listener, the Docker stream). Cancelling closes the local
 * connection, which makes the route close its Docker stream, as when a direct client leaves.
 */
final class TunnelledRequest {

    /** Answers up to this size with a known length are sent whole. */
    static final int WHOLE_MAX = 256 * 1024;

    /** The largest piece of a stream in one {@code chunk}. */
    static final int CHUNK_MAX = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(TunnelledRequest.class);
    private static final Set<String> HOP_HEADERS = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "upgrade", "te", "trailer");

    private final String id;
    private final HttpRequest request;
    private final Outbox outbox;
    private final Runnable onDone;
    private final Runnable onTurnOver;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean turnOver = new AtomicBoolean();
    private volatile boolean started;
    private volatile boolean cancelled;
    private volatile boolean streaming;
    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<?> call;

    /**
     * @param id      the server's request id
     * @param request the request for the loopback listener
     * @param outbox  where envelopes go
     * @param onDone  called once, when the request's last envelope is queued (or it was abandoned)
     * @param onTurnOver called once for a started request, when its turn at the listener is over: its answer
     *                   streams (a piece at a time from then on), or its last envelope was sent, or it was abandoned
     */
    TunnelledRequest(String id, HttpRequest request, Outbox outbox, Runnable onDone, Runnable onTurnOver) {
        this.id = id;
        this.request = request;
        this.outbox = outbox;
        this.onDone = onDone;
        this.onTurnOver = onTurnOver;
    }

    /**
     * Sends the request to the listener, unless it was cancelled while it waited for its turn.
     *
     * @param http the loopback client
     * @return false when it was cancelled or abandoned before (it takes no turn then)
     */
    boolean start(HttpClient http) {
        synchronized (this) {
            if (cancelled || finished.get()) {
                return false;
            }
            started = true;
        }
        CompletableFuture<HttpResponse<Void>> sent = http.sendAsync(request, this::subscriberFor);
        call = sent;
        sent.whenComplete((response, error) -> {
            if (error != null) {
                failed(error);
            }
        });
        return true;
    }

    private void endTurn() {
        if (started && turnOver.compareAndSet(false, true)) {
            onTurnOver.run();
        }
    }

    /** The server cancelled: stop reading, close the local connection, and say so with an {@code end}. */
    void cancel() {
        synchronized (this) {
            cancelled = true;
        }
        stopLocal();
        finish(Envelopes.end(id, null, true));
    }

    /** The connection to the server ended: stop reading and close the local connection; nothing more is sent. */
    void abandon() {
        synchronized (this) {
            cancelled = true;
            if (finished.compareAndSet(false, true)) {
                onDone.run();
            }
        }
        stopLocal();
        endTurn();
    }

    private void stopLocal() {
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        CompletableFuture<?> c = call;
        if (c != null) {
            c.cancel(true);
        }
    }

    private HttpResponse.BodySubscriber<Void> subscriberFor(HttpResponse.ResponseInfo info) {
        Map<String, String> headers = headers(info.headers());
        long length = info.headers().firstValueAsLong("content-length").orElse(-1);
        boolean empty = info.statusCode() == 204 || info.statusCode() == 304 || "HEAD".equals(request.method());
        if (empty || (length >= 0 && length <= WHOLE_MAX)) {
            return HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofByteArray(), body -> {
                finish(Envelopes.response(id, info.statusCode(), headers, empty ? new byte[0] : body, false));
                return null;
            });
        }
        synchronized (this) {
            // Under the lock that cancel() takes, so a head never follows the end a cancel sent.
            if (!cancelled && !finished.get()) {
                streaming = true;
                outbox.send(Envelopes.response(id, info.statusCode(), headers, null, true));
            }
        }
        endTurn(); // from here the answer holds one piece at a time: others may have the listener
        return new StreamingBody();
    }

    private void failed(Throwable error) {
        if (cancelled) {
            return;
        }
        String message = rootMessage(error);
        LOG.debug("Edge request {} {} failed: {}", id, request.uri().getPath(), message);
        finish(streaming ? Envelopes.end(id, message, false)
                : Envelopes.error(id, 502, "edge_forward_failed", "The agent could not serve the request: "
                + message));
    }

    private synchronized void finish(String lastEnvelope) {
        if (finished.compareAndSet(false, true)) {
            // The turn ends when the answer left, not when it was queued: a server that does not read holds the
            // turns, and requests wait instead of their answers piling up.
            outbox.send(lastEnvelope).whenComplete((sent, error) -> endTurn());
            onDone.run();
        }
    }

    private static Map<String, String> headers(HttpHeaders headers) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.map().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HOP_HEADERS.contains(lower) && !lower.startsWith(":")) {
                out.put(lower, String.join(", ", values));
            }
        });
        return out;
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Reads a streamed body one piece at a time, asking for the next once the last one's chunk was sent. */
    private final class StreamingBody implements HttpResponse.BodySubscriber<Void> {

        private final CompletableFuture<Void> body = new CompletableFuture<>();

        @Override
        public CompletionStage<Void> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled || finished.get()) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            int size = 0;
            for (ByteBuffer b : items) {
                size += b.remaining();
            }
            if (size == 0) {
                subscription.request(1);
                return;
            }
            byte[] bytes = new byte[size];
            int at = 0;
            for (ByteBuffer b : items) {
                int n = b.remaining();
                b.get(bytes, at, n);
                at += n;
            }
            CompletableFuture<Void> last = null;
            synchronized (TunnelledRequest.this) {
                // Nothing is sent for a request after its last envelope.
                if (cancelled || finished.get()) {
                    return;
                }
                for (int offset = 0; offset < size; offset += CHUNK_MAX) {
                    last = outbox.send(Envelopes.chunk(id, bytes, offset, Math.min(CHUNK_MAX, size - offset)));
                }
            }
            last.whenComplete((ok, error) -> {
                if (error != null) {
                    // The connection to the server ended; the local stream is of no use any more.
                    abandon();
                } else if (!cancelled) {
                    subscription.request(1);
                }
            });
        }

        @Override
        public void onError(Throwable error) {
            body.completeExceptionally(error);
            failed(error);
        }

        @Override
        public void onComplete() {
            body.complete(null);
            finish(Envelopes.end(id, null, false));
        }
    }
}
