package io.bollard.plugins.containers.stats;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugins.containers.ContainersPlugin;
import io.bollard.plugin.stream.ClientConnections;
import io.bollard.plugin.stream.WebSocketStreams;
import io.bollard.plugin.stream.JsonText;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

/**
 * WebSocket {@code /agent/docker/containers/{id}/stats/ws}: one text frame per sample (about one a second), each
 * the JSON of {@link StatsSample}.
 */
@ServerWebSocket(ContainersPlugin.ROUTE_PREFIX + "/{id}/stats/ws")
@RequiresPlugin(ContainersPlugin.ID)
public class ContainerStatsWebSocket {

    private final VisibleContainers containers;
    private final ContainerStats stats;
    private final ObjectMapper json;
    private final ClientConnections connections;

    /**
     * @param containers the visible containers
     * @param stats      the statistics reader
     * @param json       JSON writer
     * @param connections tells when the agent stops
     */
    public ContainerStatsWebSocket(VisibleContainers containers, ContainerStats stats, ObjectMapper json, ClientConnections connections) {
        this.containers = containers;
        this.stats = stats;
        this.json = json;
        this.connections = connections;
    }

    /**
     * Starts streaming when the socket opens.
     *
     * @param id      full id, id prefix or name
     * @param session the socket
     * @param handshake the request that opened the socket
     */
    @OnOpen
    public void onOpen(String id, WebSocketSession session,
                       HttpRequest<?> handshake) {
        WebSocketStreams.startBlocking(session, handshake, connections,
                () -> stats.follow(containers.resolveId(id)).map(value -> JsonText.of(json, value)));
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
     * Stops the Docker stream when the socket closes.
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
