package io.bollard.plugin.stream;

import io.micronaut.http.HttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells a streamed answer when to end on its own: when its client's connection closed, so that a follow stream
 * that has nothing to write (a quiet container's log, a window of events) lets go of its Docker stream at once (the
 * HTTP server itself only notices a closed connection at the next write, which for a quiet stream may never come),
 * and when the agent stops, so that every open stream ends cleanly (a last chunk, a WebSocket close frame) before
 * the server closes its connections.
 */
public interface ClientConnections {

    /**
     * When the connection that carries a request closes, or the agent stops.
     *
     * @param request the request
     * @return completes at the first of the two (only at the agent's stop when the transport cannot tell)
     */
    Mono<Void> closed(HttpRequest<?> request);

    /**
     * When the agent begins to stop.
     *
     * @return completes then
     */
    Mono<Void> stopping();

    /**
     * Makes the WebSocket a handshake opened send a close frame ({@code 1001}, going away) when the server closes
     * its connection without one: the HTTP server closes every socket's connection when it stops, before the agent's
     * streams learn of the stop.
     *
     * @param handshake the request that opened the socket
     */
    void closeFrameOnServerClose(HttpRequest<?> handshake);

    /**
     * Keeps the connection that carries a stream open while the stream has nothing to write: the HTTP server closes
     * a connection without reads or writes for its idle timeout (5 minutes), which cut follow streams of quiet
     * containers and filtered events. A client that vanished meanwhile is found by TCP keep-alive probes instead.
     *
     * @param request the request the stream answers (a WebSocket's handshake)
     * @return gives the connection its idle timeout back, for when the stream ends
     */
    default Runnable keepOpenWhileQuiet(HttpRequest<?> request) {
        return () -> { };
    }

    /**
     * A streamed body that ends (and cancels what it streams) when its client's connection closes or the agent
     * stops, and whose connection stays open while it is quiet.
     *
     * @param request the request the body answers
     * @param body    the body
     * @param <T>     its items
     * @return the body, cut at the connection's close or the agent's stop
     */
    default <T> Flux<T> untilClosed(HttpRequest<?> request, Flux<T> body) {
        return Flux.defer(() -> {
            Runnable idleAgain = keepOpenWhileQuiet(request);
            return body.takeUntilOther(closed(request)).doFinally(signal -> idleAgain.run());
        });
    }
}
