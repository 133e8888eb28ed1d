package io.bollard.agent.metrics;

import com.github.dockerjava.transport.DockerHttpClient;
import io.bollard.plugin.docker.DockerEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Wraps the transport docker-java calls Docker through, timing every call as {@code bollard_docker_requests_seconds}
 * by method, path template, status and outcome (an answer 400 and above is an error, a call that fails to get any
 * answer is {@code status="none", outcome="ERROR"}). A stream is timed to its answer's head.
 *
 * <p>With a label filter in force, answers below 500 are counted together ({@code status="answered",
 * outcome="ANSWERED"}): a hidden container's inspect answers 200 where a missing one's answers 404, and the
 * counters must not tell them apart when the caller's own answers do not. Docker's failures keep their status.
 */
public final class TimedDockerHttpClient implements DockerHttpClient {

    /** The timer's name. */
    public static final String NAME = "bollard.docker.requests";

    private static final Pattern VERSION = Pattern.compile("^/v\\d+\\.\\d+");
    /** Path words kept as they are; every other segment past the first stands for a name or id. */
    private static final Set<String> WORDS = Set.of("json", "create", "prune", "start", "stop", "restart", "kill",
            "pause", "unpause", "wait", "logs", "stats", "top", "changes", "export", "archive", "rename", "update",
            "resize", "attach", "exec", "history", "push", "tag", "search", "get", "load", "_ping", "info",
            "version", "events", "df", "system", "commit", "build", "connect", "disconnect", "auth");

    /** The status and outcome of every answer below 500 under a label filter. */
    static final String ANSWERED = "answered";

    private final DockerHttpClient delegate;
    private final MeterRegistry registry;
    private final boolean filtered;

    /**
     * @param delegate the real transport
     * @param registry where the timings go
     * @param filtered whether a label filter is in force (answers below 500 are then not told apart)
     */
    public TimedDockerHttpClient(DockerHttpClient delegate, MeterRegistry registry, boolean filtered) {
        this.delegate = delegate;
        this.registry = registry;
        this.filtered = filtered;
    }

    @Override
    public Response execute(Request request) {
        long start = System.nanoTime();
        String status = "none";
        String outcome = "ERROR";
        try {
            Response response = delegate.execute(request);
            int code = response.getStatusCode();
            status = status(code, filtered);
            outcome = outcome(code, filtered);
            return response;
        } finally {
            record(registry, request.method(), request.path(), status, outcome, System.nanoTime() - start);
        }
    }

    /**
     * Records a call made without docker-java, the same way.
     *
     * @param registry where the timings go
     * @param filtered whether a label filter is in force
     * @return the timer for {@link DockerEndpoint}
     */
    public static DockerEndpoint.CallTimer callTimer(MeterRegistry registry, boolean filtered) {
        return (method, path, code, nanos) -> record(registry, method, path,
                code == 0 ? "none" : status(code, filtered), code == 0 ? "ERROR" : outcome(code, filtered), nanos);
    }

    private static String status(int code, boolean filtered) {
        return filtered && code < 500 ? ANSWERED : String.valueOf(code);
    }

    private static String outcome(int code, boolean filtered) {
        if (filtered && code < 500) {
            return ANSWERED.toUpperCase(Locale.ROOT);
        }
        return code >= 500 ? "SERVER_ERROR" : code >= 400 ? "CLIENT_ERROR" : "SUCCESS";
    }

    private static void record(MeterRegistry registry, String method, String path, String status, String outcome,
                               long nanos) {
        Timer.builder(NAME)
                .description("Calls to the Docker Engine API, to the answer's head")
                .tag("method", method)
                .tag("path", template(path))
                .tag("status", status)
                .tag("outcome", outcome)
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /**
     * The path with its API version, query and names or ids taken out, so the number of series stays small: at
     * most the resource, {@code {id}} and one action word, whatever the caller put in a name (an image name may hold
     * slashes and words such as {@code json} or {@code tag}, which must not each make a series of their own).
     *
     * @param path a Docker API path such as {@code /v1.41/containers/4f2a.../json?all=1}
     * @return such as {@code /containers/{id}/json}
     */
    static String template(String path) {
        String p = path;
        int query = p.indexOf('?');
        if (query >= 0) {
            p = p.substring(0, query);
        }
        p = VERSION.matcher(p).replaceFirst("");
        List<String> segments = new ArrayList<>();
        for (String s : p.split("/")) {
            if (!s.isEmpty()) {
                segments.add(s);
            }
        }
        if (segments.isEmpty()) {
            return "/";
        }
        // The resource is docker-java's own word (containers, images, ...), never a caller's.
        StringBuilder out = new StringBuilder("/").append(segments.get(0));
        if (segments.size() == 2) {
            String only = segments.get(1);
            out.append(WORDS.contains(only.toLowerCase(Locale.ROOT)) ? "/" + only.toLowerCase(Locale.ROOT) : "/{id}");
        } else if (segments.size() > 2) {
            out.append("/{id}");
            String last = segments.get(segments.size() - 1);
            if (WORDS.contains(last.toLowerCase(Locale.ROOT))) {
                out.append('/').append(last.toLowerCase(Locale.ROOT));
            }
        }
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
