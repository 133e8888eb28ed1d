package io.bollard.plugins.containers.logs;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.BooleanParameter;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugins.containers.ContainersPlugin;
import io.bollard.plugin.stream.ClientConnections;
import io.bollard.plugin.stream.WebSocketStreams;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnError;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;

import java.time.Instant;

/**
 * WebSocket {@code /agent/docker/containers/{id}/logs/ws}: one text frame per log line, each the JSON object
 * {@code {stream, time, line}}; the same query parameters as the HTTP route, follow on by default.
 */
@ServerWebSocket(ContainersPlugin.ROUTE_PREFIX + "/{id}/logs/ws")
@RequiresPlugin(ContainersPlugin.ID)
public class ContainerLogsWebSocket {

    private final VisibleContainers containers;
    private final ContainerLogs logs;
    private final ClientConnections connections;

    /**
     * @param containers the visible containers
     * @param logs       the log reader
     * @param connections tells when the agent stops
     */
    public ContainerLogsWebSocket(VisibleContainers containers, ContainerLogs logs, ClientConnections connections) {
        this.containers = containers;
        this.logs = logs;
        this.connections = connections;
    }

    /**
     * Starts streaming when the socket opens.
     *
     * @param id      full id, id prefix or name
     * @param tail    {@code all} or a number of lines
     * @param since   start time
     * @param until   end time
     * @param follow  keep streaming (default true)
     * @param session the socket
     * @param handshake the request that opened the socket
     */
    @OnOpen
    public void onOpen(String id, @Nullable @QueryValue String tail, @Nullable @QueryValue String since,
                       @Nullable @QueryValue String until, @Nullable @QueryValue String follow,
                       @Nullable @QueryValue String stdout, @Nullable @QueryValue String stderr,
                       WebSocketSession session,
                       HttpRequest<?> handshake) {
        WebSocketStreams.startBlocking(session, handshake, connections, () -> {
            // Read here, not bound as booleans: a bad value then closes the socket with 4400 and says why (a
            // failed binding would quietly leave the parameter out). Every frame has its time, so no timestamps.
            LogQuery query = LogQuery.parse(tail, since, until, true, BooleanParameter.parse("follow", follow, true),
                    BooleanParameter.parse("stdout", stdout, true), BooleanParameter.parse("stderr", stderr, true),
                    Instant.now());
            String fullId = containers.resolveId(id);
            return logs.lines(fullId, query, true)
                    // One batch at a time: a batch can hold hundreds of lines.
                    .concatMapIterable(batch -> batch, 1)
                    .map(LogEncoding::json);
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
