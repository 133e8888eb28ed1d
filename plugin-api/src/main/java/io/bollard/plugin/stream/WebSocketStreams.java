package io.bollard.plugin.stream;

import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.error.ApiException;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a stream of text frames for a WebSocket session: started off the event loop, one frame sent at a time (so
 * a slow client slows Docker's stream instead of filling memory), and stopped when the socket closes.
 */
public final class WebSocketStreams {

    private static final String SUBSCRIPTION = "bollard.subscription";

    private WebSocketStreams() {
    }

    /**
     * Opens the stream on a virtual thread, because resolving the container calls Docker.
     *
     * @param session     the socket
     * @param handshake   the request that opened it
     * @param connections tells when the agent stops: the socket then closes with 1001 (going away)
     * @param frames      makes the frames; an {@link ApiException} it throws closes the socket with its message
     */
    public static void startBlocking(WebSocketSession session, HttpRequest<?> handshake,
                                     ClientConnections connections, Supplier<Flux<String>> frames) {
        connections.closeFrameOnServerClose(handshake);
        // The socket's connection closes with it: its idle timeout need not come back.
        connections.keepOpenWhileQuiet(handshake);
        Mono<Void> stopping = connections.stopping();
        Thread.ofVirtual().name("ws-stream").start(() -> {
            try {
                AtomicBoolean agentStopping = new AtomicBoolean();
                AtomicReference<Disposable> running = new AtomicReference<>();
                Disposable subscription = frames.get()
                        .takeUntilOther(stopping.doOnSuccess(ignored -> agentStopping.set(true)))
                        .subscribe(
                                frame -> send(session, frame, running),
                                failure -> close(session, DockerErrors.map(failure)),
                                () -> close(session, agentStopping.get() ? CloseReason.GOING_AWAY
                                        : CloseReason.NORMAL));
                running.set(subscription);
                session.put(SUBSCRIPTION, subscription);
                if (!session.isOpen()) {
                    subscription.dispose();
                }
            } catch (RuntimeException e) {
                close(session, DockerErrors.map(e));
            }
        });
    }

    /**
     * Sends a frame. A send that fails because the client's connection went meanwhile (it closed while a frame was
     * on its way, or broke) ends the stream here: thrown on, the failure reached a subscription the close had
     * already ended, and Reactor logged it as an ERROR with its trace, once for every such client.
     */
    private static void send(WebSocketSession session, String frame, AtomicReference<Disposable> running) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.sendSync(frame);
        } catch (Exception gone) { // Netty throws the SSL engine's checked exception unchecked
            Disposable subscription = running.get();
            if (subscription != null) {
                subscription.dispose();
            }
            close(session, CloseReason.INTERNAL_ERROR);
        }
    }

    /**
     * Stops the stream of a closing socket, and answers a client's close frame with one (RFC 6455 5.5.1; Micronaut
     * closes the connection without it once an {@code @OnClose} method ran).
     *
     * @param session the socket
     * @param reason  why it closes, as the client said
     */
    public static void stop(WebSocketSession session, CloseReason reason) {
        session.get(SUBSCRIPTION, Disposable.class).ifPresent(Disposable::dispose);
        if (session.isOpen()) {
            int code = reason == null ? CloseReason.NORMAL.getCode() : reason.getCode();
            // A close frame without a code (browsers' ws.close()) comes as 1005 or, from Netty, as -1.
            close(session, code == 1005 || code == -1 ? CloseReason.NORMAL
                    : sendable(code) ? new CloseReason(code, "") : CloseReason.PROTOCOL_ERROR);
        }
    }

    /**
     * Ends a socket whose connection failed, with one WARN line and no stack trace (without an {@code @OnError}
     * method, Micronaut logged each as an ERROR with its trace, which any client could repeat at will). It asks for
     * 1002 when the client sent a bad frame (an invalid close code, say), else 1011; after Netty's decoder failed,
     * Micronaut no longer writes on the session, and the client gets the 1001 of the connection's close.
     *
     * @param session the socket
     * @param error   what failed
     */
    public static void failed(WebSocketSession session, Throwable error) {
        session.get(SUBSCRIPTION, Disposable.class).ifPresent(Disposable::dispose);
        boolean clientsFault = error.getClass().getSimpleName().startsWith("CorruptedWebSocketFrame");
        org.slf4j.LoggerFactory.getLogger(WebSocketStreams.class).warn("WebSocket {} ended: {}",
                session.getRequestURI().getPath(), error.toString());
        // Not through close(): the failed socket may no longer count as open, though its connection still is.
        session.close(clientsFault ? CloseReason.PROTOCOL_ERROR : CloseReason.INTERNAL_ERROR);
    }

    /** Whether a close frame may carry the code (RFC 6455 7.4: the defined ones and 3000-4999). */
    static boolean sendable(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }

    private static void close(WebSocketSession session, ApiException error) {
        // 4000 + HTTP status, so that a client can tell 404 from 503 as over HTTP.
        int code = 4000 + error.status().getCode();
        String reason = error.getMessage();
        if (reason.length() > 120) {
            reason = reason.substring(0, 120);
        }
        close(session, new CloseReason(code, reason));
    }

    private static void close(WebSocketSession session, CloseReason reason) {
        if (session.isOpen()) {
            session.close(reason);
        }
    }
}
