package io.bollard.plugin.stream;

import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.error.ApiException;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

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
     * @param session the socket
     * @param frames  makes the frames; an {@link ApiException} it throws closes the socket with its message
     */
    public static void startBlocking(WebSocketSession session, Supplier<Flux<String>> frames) {
        Thread.ofVirtual().name("ws-stream").start(() -> {
            try {
                Disposable subscription = frames.get().subscribe(
                        frame -> {
                            if (session.isOpen()) {
                                session.sendSync(frame);
                            }
                        },
                        failure -> close(session, DockerErrors.map(failure)),
                        () -> close(session, CloseReason.NORMAL));
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
     * Stops the stream of a closing socket.
     *
     * @param session the socket
     */
    public static void stop(WebSocketSession session) {
        session.get(SUBSCRIPTION, Disposable.class).ifPresent(Disposable::dispose);
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
