package io.bollard.plugins.events;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.bollard.plugin.stream.ClientConnections;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.bollard.plugin.stream.JsonText;
import io.micronaut.serde.ObjectMapper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /agent/docker/events?since=&until=&type=}: events as NDJSON, one {@link AgentEvent} a line. Without
 * {@code until} it follows until the client goes away.
 */
@Controller(EventsPlugin.ROUTE)
@RequiresPlugin(EventsPlugin.ID)
public class EventsController {

    private static final String NDJSON = "application/x-ndjson";

    private final EventHub hub;
    private final ObjectMapper json;
    private final ClientConnections connections;

    /**
     * @param hub         the event hub
     * @param json        JSON writer
     * @param connections tells when a client's connection closed
     */
    public EventsController(EventHub hub, ObjectMapper json, ClientConnections connections) {
        this.hub = hub;
        this.json = json;
        this.connections = connections;
    }

    /**
     * Streams events.
     *
     * @param since from when (epoch seconds, RFC 3339, or a duration back from now such as 10m)
     * @param until until when; absent follows on
     * @param type    the types wanted (container, image, network, volume, daemon, ...), comma-separated
     * @param request the request (its connection's close ends the stream)
     * @return the stream
     */
    @Get(produces = NDJSON)
    public HttpResponse<Flux<byte[]>> events(@Nullable @QueryValue String since, @Nullable @QueryValue String until,
                                             @Nullable @QueryValue List<String> type, HttpRequest<?> request) {
        EventsQuery query = EventsQuery.parse(since, until, type, Instant.now());
        // Once the first line is out the status is sent: a failure after it (Docker gone during a past window) is
        // the stream's last line, in the error model's fields, instead of a cut connection.
        Flux<byte[]> lines = connections.untilClosed(request, query.events(hub))
                .map(value -> JsonText.line(json, value))
                .onErrorResume(e -> {
                    ApiException error = DockerErrors.map(e);
                    Map<String, String> line = new LinkedHashMap<>();
                    line.put("type", "agent");
                    line.put("action", "error");
                    line.put("error", error.code());
                    line.put("message", error.getMessage());
                    return Mono.just(JsonText.line(json, line));
                });
        return HttpResponse.ok(lines).contentType(new MediaType(NDJSON));
    }
}
