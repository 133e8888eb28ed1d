package io.bollard.plugins.containers.logs;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.stream.ClientConnections;
import io.bollard.plugins.containers.ContainersPlugin;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Instant;
import java.util.concurrent.ExecutorService;

/**
 * {@code GET /agent/docker/containers/{id}/logs}: the log as chunked plain text, or NDJSON
 * ({@code {stream, time, line}} a line) when the caller accepts {@code application/x-ndjson}.
 */
@Controller(ContainersPlugin.ROUTE_PREFIX)
@RequiresPlugin(ContainersPlugin.ID)
public class ContainerLogsController {

    private final VisibleContainers containers;
    private final ContainerLogs logs;
    private final Scheduler blocking;
    private final ClientConnections connections;

    /**
     * @param containers the visible containers
     * @param logs       the log reader
     * @param blocking    where the container is resolved (a Docker call)
     * @param connections tells when a client's connection closed
     */
    public ContainerLogsController(VisibleContainers containers, ContainerLogs logs,
                                   @Named(TaskExecutors.BLOCKING) ExecutorService blocking,
                                   ClientConnections connections) {
        this.containers = containers;
        this.logs = logs;
        this.blocking = Schedulers.fromExecutorService(blocking);
        this.connections = connections;
    }

    /**
     * Streams a container's log.
     *
     * @param id         full id, id prefix or name
     * @param tail       {@code all} or a number of lines from the end
     * @param since      epoch seconds, RFC 3339 or a duration back from now ({@code 10m})
     * @param until      same forms as since
     * @param timestamps prefix text lines with their time
     * @param follow     keep streaming until the client goes away
     * @param stdout     include stdout
     * @param stderr     include stderr
     * @param accept     the Accept header
     * @param request    the request (its connection's close ends a followed log at once)
     * @return the streamed log, once the container is resolved
     */
    @Get(value = "/{id}/logs", produces = {MediaType.TEXT_PLAIN, LogEncoding.NDJSON_TYPE})
    public Mono<HttpResponse<Flux<byte[]>>> logs(@PathVariable String id,
                                                 @Nullable @QueryValue String tail,
                                                 @Nullable @QueryValue String since,
                                                 @Nullable @QueryValue String until,
                                                 @QueryValue(defaultValue = "false") boolean timestamps,
                                                 @QueryValue(defaultValue = "false") boolean follow,
                                                 @QueryValue(defaultValue = "true") boolean stdout,
                                                 @QueryValue(defaultValue = "true") boolean stderr,
                                                 @Nullable @Header(HttpHeaders.ACCEPT) String accept,
                                                 HttpRequest<?> request) {
        // Not an @ExecuteOn route: Micronaut would publish such a route's streamed body through its executor,
        // starting a virtual thread for every batch of lines. Only resolving the container (a Docker call) runs
        // there; the reader's thread writes each batch to the connection itself.
        return Mono.fromCallable(() -> response(id, tail, since, until, timestamps, follow, stdout, stderr, accept,
                        request)).subscribeOn(blocking);
    }

    private HttpResponse<Flux<byte[]>> response(String id, String tail, String since, String until,
                                                boolean timestamps, boolean follow, boolean stdout, boolean stderr,
                                                String accept, HttpRequest<?> request) {
        LogQuery query = LogQuery.parse(tail, since, until, timestamps, follow, stdout, stderr, Instant.now());
        String fullId = containers.resolveId(id);
        LogEncoding encoding = accept != null && accept.contains(LogEncoding.NDJSON_TYPE)
                ? LogEncoding.NDJSON : LogEncoding.TEXT;
        // One chunk a batch: lines that arrived together go out together.
        // The server notices a closed connection only at its next write: a quiet container's followed log would
        // keep its Docker stream until the container's next line, so the close itself ends it.
        Flux<byte[]> body = connections.untilClosed(request,
                        logs.chunks(fullId, query, encoding == LogEncoding.NDJSON))
                .map(batch -> encoding.encode(batch, timestamps));
        if (query.follow()) {
            // The status and headers go out at once, not with the first line: a quiet container's follower (and a
            // proxy between) sees the stream open. An empty chunk writes nothing else.
            body = body.startWith(new byte[0]);
        }
        MediaType type = encoding == LogEncoding.NDJSON
                ? new MediaType(LogEncoding.NDJSON_TYPE) : new MediaType("text/plain; charset=utf-8");
        return HttpResponse.ok(body).contentType(type);
    }
}
