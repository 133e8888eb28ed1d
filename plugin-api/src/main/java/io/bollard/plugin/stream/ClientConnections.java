package io.bollard.plugin.stream;

import io.micronaut.http.HttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Tells a streamed answer that its client's connection closed, so that a follow stream that has nothing to write
 * (a quiet container's log, a window of events) lets go of its Docker stream at once: the HTTP server itself only
 * notices a closed connection at the next write, which for a quiet stream may never come.
 */
public interface ClientConnections {

    /**
     * When the connection that carries a request closes.
     *
     * @param request the request
     * @return completes when the connection closes; never, when the transport cannot tell
     */
    Mono<Void> closed(HttpRequest<?> request);

    /**
     * A streamed body that ends (and cancels what it streams) when its client's connection closes.
     *
     * @param request the request the body answers
     * @param body    the body
     * @param <T>     its items
     * @return the body, cut at the connection's close
     */
    default <T> Flux<T> untilClosed(HttpRequest<?> request, Flux<T> body) {
        return body.takeUntilOther(closed(request));
    }
}
