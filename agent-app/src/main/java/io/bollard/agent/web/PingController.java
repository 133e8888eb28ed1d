package io.bollard.agent.web;

import com.github.dockerjava.api.DockerClient;
import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.docker.DockerSocketAccess;
import io.bollard.agent.edge.EdgeTunnel;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.error.ApiException;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /agent/ping}: the one route that needs no token; 200 when Docker answers, 503 when it does not, or,
 * in edge mode, when the agent has been without its tunnel to the server for longer than
 * {@code AGENT_EDGE_UNHEALTHY_AFTER}.
 */
@Controller("/agent/ping")
@ExecuteOn(TaskExecutors.BLOCKING)
public class PingController {

    /** The path, which the security rule lets through without a token. */
    public static final String PATH = "/agent/ping";

    /** The error code of a ping in edge mode while the agent has long been without its tunnel. */
    public static final String EDGE_DISCONNECTED = "edge_disconnected";

    /** How long a ping waits for Docker's answer. */
    static final Duration DOCKER_WAIT = Duration.ofSeconds(3); // below the health probe's own 5 s
    private static final Executor PINGS = Executors.newVirtualThreadPerTaskExecutor();

    private final DockerClient docker;
    private final String dockerHost;
    private final EdgeTunnel edge;
    /** The ping to Docker callers wait on now; a new one starts when it has ended. Guarded by this. */
    private CompletableFuture<Void> inFlight;

    /**
     * @param docker     the Docker client
     * @param dockerHost where Docker is ({@code DOCKER_HOST})
     * @param edge       edge mode's tunnel, or null in direct mode
     */
    public PingController(DockerClient docker,
                          @Property(name = AgentConfigurationProperties.DOCKER_HOST) String dockerHost,
                          @Nullable EdgeTunnel edge) {
        this.docker = docker;
        this.dockerHost = dockerHost;
        this.edge = edge;
    }

    /**
     * Pings Docker.
     *
     * @param request the request (a local caller is told what is wrong with Docker's socket)
     * @return the status
     */
    @Get
    public HttpResponse<Ping> ping(HttpRequest<?> request) {
        try {
            dockerAnswers();
            // Only loopback callers see this: the tunnel's own requests come while it is up, and edge mode's
            // listener takes no other.
            Optional<String> outage = edge == null ? Optional.empty() : edge.outage();
            if (outage.isPresent()) {
                return HttpResponse.<Ping>status(HttpStatus.SERVICE_UNAVAILABLE)
                        .body(new Ping("error", EDGE_DISCONNECTED, outage.get()));
            }
            return HttpResponse.ok(new Ping("ok", null, null));
        } catch (RuntimeException e) {
            // What is wrong with the socket (paths, uid, group) is told to local callers only, such as the
            // image's health check: the route needs no token.
            java.net.InetAddress caller = request.getRemoteAddress().getAddress();
            boolean local = caller != null && caller.isLoopbackAddress();
            String message = DockerErrors.isUnreachable(e) && local
                    ? DockerSocketAccess.problem(dockerHost).map(p -> "Docker Engine is not reachable: " + p)
                    .orElse(DockerErrors.unavailable().getMessage())
                    : DockerErrors.map(e).getMessage();
            return HttpResponse.<Ping>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(new Ping("error", "docker_unavailable", message));
        }
    }

    /**
     * Pings Docker, waiting at most {@link #DOCKER_WAIT}: a hung engine takes the connection and never answers, and
     * the ping (and the image's health check with it) waited until the server's idle timeout cut it, 5 minutes.
     * Callers meanwhile share one ping, so a hung engine holds one connection, not one per caller.
     */
    private void dockerAnswers() {
        CompletableFuture<Void> ping = sharedPing();
        try {
            ping.get(DOCKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "docker_unavailable", "Docker Engine took the "
                    + "connection but did not answer within " + DOCKER_WAIT.toSeconds() + " s (is it hung?)");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // Not AtomicReference.updateAndGet: its function may run more than once, and each run would start a ping.
    private synchronized CompletableFuture<Void> sharedPing() {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = CompletableFuture.runAsync(() -> docker.pingCmd().exec(), PINGS);
        }
        return inFlight;
    }

    /**
     * The ping answer.
     *
     * @param status  ok or error
     * @param error   the error code when Docker does not answer
     * @param message why, when Docker does not answer
     */
    @Serdeable
    public record Ping(String status, @Nullable String error, @Nullable String message) {
    }
}
