package io.bollard.agent.edge;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpRequest;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One connection to the edge server: says hello, takes request and cancel envelopes, runs each request through
 * the loopback listener, sends heartbeats, and declares the connection dead when the server has been silent for
 * two heartbeat intervals. When it ends, every request still running is abandoned, which closes their Docker
 * streams.
 */
final class EdgeSession implements WebSocket.Listener {

    /**
     * The largest envelope the server may send (a request body, base64, fits in about three quarters of it): its
     * text and its decoded body fit in the image's 64 MiB heap beside the agent's own needs.
     */
    static final int MAX_ENVELOPE_CHARS = 10 * 1024 * 1024;

    /** Requests running or waiting for their turn; beyond that the server is answered 503 at once. */
    static final int MAX_IN_FLIGHT = 1024;

    /**
     * Requests at the loopback listener at once, whose answers are not yet streaming or not yet sent whole; the
     * others wait their turn in order. Each may hold a whole answer (up to {@link TunnelledRequest#WHOLE_MAX}) in
     * the heap, so this, not {@link #MAX_IN_FLIGHT}, bounds what a flood of requests costs.
     */
    static final int MAX_AT_LISTENER = 32;

    /**
     * Characters of answers waiting to be sent beyond which no new request is read: a server that stops reading
     * gets no more taken (and its connection dropped by the watchdog), instead of answers piling up in the heap.
     */
    static final long MAX_WAITING_CHARS = 8L * 1024 * 1024;

    /**
     * Request bodies held in memory (decoded, until their request ended) beyond which no new message is read: one
     * large upload at a time, so that several sent at once cannot together run the heap out (each one alone is
     * bounded by {@link #MAX_ENVELOPE_CHARS}).
     */
    static final long MAX_HELD_BODY_BYTES = 4L * 1024 * 1024;

    /** Text received of a message is kept in pieces of about this size, however small its fragments. */
    private static final int PIECE_CHARS = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(EdgeSession.class);

    private final String hello;
    private final LocalForwarder forwarder;
    private final Executor executor;
    private final Map<String, TunnelledRequest> inFlight = new ConcurrentHashMap<>();
    private final Deque<TunnelledRequest> waitingTurn = new ArrayDeque<>();
    /** Requests holding a turn at the listener; guarded by {@link #waitingTurn}. */
    private int holdingTurns;
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    /** The parts of the message being received (a new list per message, so a large one is not kept). */
    private List<String> partial = new ArrayList<>();
    /** The part being gathered: fragments, even of a character each, are joined into pieces, not kept one by one. */
    private StringBuilder piece = new StringBuilder();
    private long partialChars;
    private final AtomicLong heldBodyBytes = new AtomicLong();
    private final AtomicBoolean readingPaused = new AtomicBoolean();
    private volatile long lastHeardNanos = System.nanoTime();
    private volatile boolean heard;
    private volatile WebSocket socket;
    private volatile Outbox outbox;

    /**
     * @param hello     the hello envelope, sent first
     * @param forwarder calls the loopback listener
     * @param executor  runs send completions
     */
    EdgeSession(String hello, LocalForwarder forwarder, Executor executor) {
        this.hello = hello;
        this.forwarder = forwarder;
        this.executor = executor;
    }

    /** @return completes with the reason when the connection ended */
    CompletableFuture<String> ended() {
        return ended;
    }

    private void heard() {
        lastHeardNanos = System.nanoTime();
        heard = true;
    }

    /** @return whether anything at all (a message, a ping) came from the server on this connection */
    boolean heardFromServer() {
        return heard;
    }

    /** @return requests running now */
    int inFlight() {
        return inFlight.size();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        socket = webSocket;
        outbox = new Outbox(webSocket, executor, MAX_WAITING_CHARS);
        outbox.send(hello);
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        heard();
        partialChars += data.length();
        if (partialChars > MAX_ENVELOPE_CHARS) {
            partial = new ArrayList<>();
            piece = new StringBuilder();
            partialChars = 0;
            webSocket.sendClose(1009, "envelope larger than " + MAX_ENVELOPE_CHARS + " characters");
            end("the server sent an envelope larger than " + MAX_ENVELOPE_CHARS + " characters");
            return null;
        }
        piece.append(data);
        if (piece.length() >= PIECE_CHARS || last) {
            partial.add(piece.toString());
            piece = new StringBuilder();
        }
        if (last) {
            List<String> message = partial;
            long chars = partialChars;
            partial = new ArrayList<>();
            partialChars = 0;
            handle(message, chars);
        }
        readNext(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        heard();
        readNext(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // The JDK answers pings itself.
        heard();
        readNext(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        heard();
        readNext(webSocket);
        return null;
    }

    /** Asks for the next message, once the outbox is not full and the bodies held leave room. */
    private void readNext(WebSocket webSocket) {
        if (heldBodyBytes.get() > MAX_HELD_BODY_BYTES) {
            readingPaused.set(true);
            resumeReading(); // a request may have ended just now
            return;
        }
        Outbox out = outbox;
        if (out == null) {
            webSocket.request(1);
        } else {
            out.whenNotFull(() -> webSocket.request(1));
        }
    }

    /** Reads on if reading was paused for the bodies held and there is room now; once, whoever gets here first. */
    private void resumeReading() {
        WebSocket ws = socket;
        if (ws != null && heldBodyBytes.get() <= MAX_HELD_BODY_BYTES && readingPaused.compareAndSet(true, false)) {
            readNext(ws);
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        end("the server closed the connection (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        end("connection failed: " + error);
    }

    /**
     * Sends a heartbeat, or ends the connection when the server has said nothing for two intervals.
     *
     * @param interval the heartbeat interval
     */
    void heartbeat(Duration interval) {
        if (ended.isDone() || outbox == null) {
            return;
        }
        if (readingPaused.get()) {
            // The agent itself stopped reading (bodies held): the server's silence is not the server's.
            lastHeardNanos = System.nanoTime();
        }
        long silentNanos = System.nanoTime() - lastHeardNanos;
        if (silentNanos > 2 * interval.toNanos()) {
            end("no answer from the server for " + Duration.ofNanos(silentNanos).toMillis() + " ms (two heartbeats)");
            return;
        }
        outbox.send(Envelopes.heartbeat(Instant.now()));
    }

    /** Closes the connection (the agent is stopping). */
    void close() {
        WebSocket ws = socket;
        if (ws != null && !ended.isDone()) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "agent stopping").get(2, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                // Aborted below either way.
            }
        }
        end("the agent is stopping");
    }

    /**
     * Ends the connection for good: aborts the socket, fails what waits to be sent and abandons running requests.
     *
     * @param reason why
     */
    void end(String reason) {
        if (!ended.complete(reason)) {
            return;
        }
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        Outbox out = outbox;
        if (out != null) {
            out.fail(new IllegalStateException("edge connection ended: " + reason));
        }
        synchronized (waitingTurn) {
            waitingTurn.clear();
        }
        inFlight.values().forEach(TunnelledRequest::abandon);
        inFlight.clear();
    }

    private void handle(List<String> message, long chars) {
        Envelopes.Received received;
        try {
            received = Envelopes.read(message, chars);
        } catch (Exception e) {
            LOG.warn("Edge server sent something that is not a JSON envelope; ignored");
            return;
        }
        JsonNode envelope = received.envelope();
        String type = envelope.path("type").asText("");
        String requestId = envelope.path("request_id").asText(null);
        switch (type) {
            case "request" -> {
                if (requestId == null || requestId.isEmpty()) {
                    LOG.warn("Edge server sent a request without request_id; ignored");
                    return;
                }
                start(requestId, received);
            }
            case "cancel" -> {
                TunnelledRequest running = requestId == null ? null : inFlight.get(requestId);
                if (running != null) {
                    running.cancel();
                }
            }
            case "heartbeat" -> {
                // Its arrival is the answer the watchdog waits for.
            }
            default -> LOG.debug("Edge server sent an envelope of unknown type '{}'; ignored", type);
        }
    }

    private void start(String requestId, Envelopes.Received received) {
        Outbox out = outbox;
        HttpRequest request;
        try {
            request = forwarder.toHttp(received);
        } catch (IllegalArgumentException e) {
            out.send(Envelopes.error(requestId, 400, "bad_request", "Bad request envelope: " + e.getMessage()));
            return;
        }
        if (inFlight.size() >= MAX_IN_FLIGHT) {
            out.send(Envelopes.error(requestId, 503, "too_many_requests", "The agent is already serving "
                    + MAX_IN_FLIGHT + " requests through the tunnel; try again when some ended"));
            return;
        }
        TunnelledRequest[] self = new TunnelledRequest[1];
        long body = received.bodyLength();
        TunnelledRequest exchange = new TunnelledRequest(requestId, request, out, () -> {
            inFlight.remove(requestId, self[0]);
            heldBodyBytes.addAndGet(-body);
            resumeReading();
        }, this::passTurn);
        self[0] = exchange;
        if (inFlight.putIfAbsent(requestId, exchange) != null) {
            LOG.warn("Edge server reused request_id {} while that request runs; ignored", requestId);
            return;
        }
        heldBodyBytes.addAndGet(body);
        if (ended.isDone()) {
            inFlight.remove(requestId);
            heldBodyBytes.addAndGet(-body);
            return;
        }
        synchronized (waitingTurn) {
            if (holdingTurns >= MAX_AT_LISTENER) {
                waitingTurn.add(exchange);
                return;
            }
            holdingTurns++;
        }
        if (!exchange.start(forwarder.http())) {
            passTurn();
        }
    }

    /** A request's turn at the listener is over: the next waiting one that was not cancelled meanwhile takes it. */
    private void passTurn() {
        while (true) {
            TunnelledRequest next;
            synchronized (waitingTurn) {
                next = waitingTurn.poll();
                if (next == null) {
                    holdingTurns--;
                    return;
                }
            }
            if (next.start(forwarder.http())) {
                return;
            }
        }
    }
}
