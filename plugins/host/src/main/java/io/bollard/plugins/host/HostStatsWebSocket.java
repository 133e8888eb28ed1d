package io.bollard.plugins.host;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.stream.ClientConnections;
import io.bollard.plugin.stream.WebSocketStreams;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.QueryValue;
import io.bollard.plugin.stream.JsonText;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * WebSocket {@code /agent/host/stats/ws?interval=2}: a {@link HostStats} sample every {@code interval} seconds
 * (default 2, at least 1), CPU use measured over each interval.
 */
@ServerWebSocket(HostPlugin.ROUTE_PREFIX + "/stats/ws")
@RequiresPlugin(HostPlugin.ID)
public class HostStatsWebSocket {

    private final HostMetrics metrics;
    private final ObjectMapper json;
    private final ClientConnections connections;

    /**
     * @param metrics the host metrics reader
     * @param json    JSON writer
     * @param connections tells when the agent stops
     */
    public HostStatsWebSocket(HostMetrics metrics, ObjectMapper json, ClientConnections connections) {
        this.metrics = metrics;
        this.json = json;
        this.connections = connections;
    }

    /**
     * Starts sending samples.
     *
     * @param interval seconds between samples
     * @param session  the socket
     * @param handshake the request that opened the socket
     */
    @OnOpen
    public void onOpen(@Nullable @QueryValue String interval, WebSocketSession session,
                       HttpRequest<?> handshake) {
        WebSocketStreams.startBlocking(session, handshake, connections, () -> {
            int seconds = seconds(interval);
            String dockerRoot = metrics.dockerRootDir();
            AtomicReference<long[]> previous = new AtomicReference<>(metrics.ticks());
            return Flux.interval(Duration.ofSeconds(seconds))
                    .onBackpressureDrop()
                    // Reading /proc and sending block: keep them off Reactor's timer threads.
                    .publishOn(Schedulers.boundedElastic(), 1)
                    .map(tick -> metrics.sample(previous.getAndSet(metrics.ticks()), dockerRoot))
                    .map(value -> JsonText.of(json, value));
        });
    }


    /**
     * The interval asked for, read here rather than bound by Micronaut, which reads a value it cannot convert as
     * none (so {@code interval=abc} would silently mean the default).
     */
    static int seconds(@Nullable String interval) {
        if (interval == null || interval.isBlank()) {
            return 2;
        }
        try {
            int seconds = Integer.parseInt(interval.trim());
            if (seconds >= 1 && seconds <= 3600) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("interval must be whole seconds from 1 to 3600, not '" + interval + "'");
    }

    /**
     * Client messages are not part of the protocol and are ignored.
     *
     * @param message the message
     */
    @OnMessage
    public void onMessage(String message) {
        // Nothing to do: the stream is one-way.
    }

    /**
     * Stops the samples when the socket closes.
     *
     * @param session the socket
     * @param reason  why, as the client said
     */
    @OnClose
    public void onClose(WebSocketSession session, CloseReason reason) {
        WebSocketStreams.stop(session, reason);
    }

    /**
     * Ends the socket when its connection fails.
     *
     * @param session the socket
     * @param error   what failed
     */
    @OnError
    public void onError(WebSocketSession session, Throwable error) {
        WebSocketStreams.failed(session, error);
    }
}
