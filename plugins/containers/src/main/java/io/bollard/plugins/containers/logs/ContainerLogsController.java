package io.bollard.plugins.containers.logs;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugins.containers.ContainersPlugin;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import reactor.core.publisher.Flux;

import java.time.Instant;

/**
 * {@code GET /agent/docker/containers/{id}/logs}: the log as chunked plain text, or NDJSON
 * ({@code {stream, time, line}} a line) when the caller accepts {@code application/x-ndjson}.
 */
@Controller(ContainersPlugin.ROUTE_PREFIX)
@RequiresPlugin(ContainersPlugin.ID)
public class ContainerLogsController {

    private final VisibleContainers containers;
    private final ContainerLogs logs;

    /**
     * @param containers the visible containers
     * @param logs       the log reader
     */
    public ContainerLogsController(VisibleContainers containers, ContainerLogs logs) {
        this.containers = containers;
        this.logs = logs;
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
     * @return the streamed log
     */
    @Get(value = "/{id}/logs", produces = {MediaType.TEXT_PLAIN, LogEncoding.NDJSON_TYPE})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Flux<byte[]>> logs(@PathVariable String id,
                                           @Nullable @QueryValue String tail,
                                           @Nullable @QueryValue String since,
                                           @Nullable @QueryValue String until,
                                           @QueryValue(defaultValue = "false") boolean timestamps,
                                           @QueryValue(defaultValue = "false") boolean follow,
                                           @QueryValue(defaultValue = "true") boolean stdout,
                                           @QueryValue(defaultValue = "true") boolean stderr,
                                           @Nullable @Header(HttpHeaders.ACCEPT) String accept) {
        LogQuery query = LogQuery.parse(tail, since, until, timestamps, follow, stdout, stderr, Instant.now());
        String fullId = containers.resolveId(id);
        LogEncoding encoding = accept != null && accept.contains(LogEncoding.NDJSON_TYPE)
                ? LogEncoding.NDJSON : LogEncoding.TEXT;
        // One chunk a batch: lines that arrived together go out together.
        Flux<byte[]> body = logs.chunks(fullId, query, encoding == LogEncoding.NDJSON)
                .map(batch -> encoding.encode(batch, timestamps));
        MediaType type = encoding == LogEncoding.NDJSON
                ? new MediaType(LogEncoding.NDJSON_TYPE) : new MediaType("text/plain; charset=utf-8");
        return HttpResponse.ok(body).contentType(type);
    }
}
