package io.bollard.plugins.events;

import io.bollard.plugin.RequiresPlugin;
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

import java.time.Instant;
import java.util.List;

/**
 * WebSocket {@code /agent/docker/events/ws}: the same events as the HTTP route, one text frame each.
 */
@ServerWebSocket(EventsPlugin.ROUTE + "/ws")
@RequiresPlugin(EventsPlugin.ID)
public class EventsWebSocket {

    private final EventHub hub;
    private final ObjectMapper json;
    private final ClientConnections connections;

    /**
     * @param hub  the event hub
     * @param json JSON writer
     * @param connections tells when the agent stops
     */
    public EventsWebSocket(EventHub hub, ObjectMapper json, ClientConnections connections) {
        this.hub = hub;
        this.json = json;
        this.connections = connections;
    }

    /**
     * Starts following.
     *
     * @param since   from when
     * @param until   until when
     * @param type    the types wanted
     * @param session the socket
     * @param handshake the request that opened the socket
     */
    @OnOpen
    public void onOpen(@Nullable @QueryValue String since, @Nullable @QueryValue String until,
                       @Nullable @QueryValue List<String> type, WebSocketSession session,
                       HttpRequest<?> handshake) {
        WebSocketStreams.startBlocking(session, handshake, connections, () -> {
            EventsQuery query = EventsQuery.parse(since, until, type, Instant.now());
            return query.events(hub).map(value -> JsonText.of(json, value));
        });
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
     * Stops following when the socket closes.
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
