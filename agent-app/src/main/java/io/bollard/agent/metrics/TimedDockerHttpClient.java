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

    private final DockerHttpClient delegate;
    private final MeterRegistry registry;

    /**
     * @param delegate the real transport
     * @param registry where the timings go
     */
    public TimedDockerHttpClient(DockerHttpClient delegate, MeterRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public Response execute(Request request) {
        long start = System.nanoTime();
        String status = "none";
        String outcome = "ERROR";
        try {
            Response response = delegate.execute(request);
            int code = response.getStatusCode();
            status = String.valueOf(code);
            outcome = outcome(code);
            return response;
        } finally {
            record(registry, request.method(), request.path(), status, outcome, System.nanoTime() - start);
        }
    }

    /**
     * Records a call made without docker-java, the same way.
     *
     * @param registry where the timings go
     * @return the timer for {@link DockerEndpoint}
     */
    public static DockerEndpoint.CallTimer callTimer(MeterRegistry registry) {
        return (method, path, code, nanos) -> record(registry, method, path, code == 0 ? "none" : String.valueOf(code),
                code == 0 ? "ERROR" : outcome(code), nanos);
    }

    private static String outcome(int code) {
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
     * The path with its API version, query and names or ids taken out, so the number of series stays small.
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
        String[] segments = p.split("/");
        List<String> out = new ArrayList<>();
        boolean idWritten = false;
        for (int i = 1; i < segments.length; i++) {
            String s = segments[i];
            if (s.isEmpty()) {
                continue;
            }
            if (out.isEmpty() || WORDS.contains(s.toLowerCase(Locale.ROOT))) {
                out.add(s);
                idWritten = false;
            } else if (!idWritten) {
                // An image name such as library/busybox spans segments: one placeholder for all of them.
                out.add("{id}");
                idWritten = true;
            }
        }
        return "/" + String.join("/", out);
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
