package io.bollard.plugin.docker;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the agent reaches Docker ({@code DOCKER_HOST}), for the few reads that go to the socket directly instead of
 * through docker-java, and how such a call is timed like docker-java's.
 *
 * @param host  the endpoint, {@code unix:///var/run/docker.sock} or {@code tcp://host:port}
 * @param timer records each direct call
 */
public record DockerEndpoint(String host, CallTimer timer) {

    /** Records a call made straight to Docker's socket, to its answer's head. */
    @FunctionalInterface
    public interface CallTimer {

        /** Records nothing. */
        CallTimer NONE = (method, path, status, nanos) -> { };

        /**
         * Records one call.
         *
         * @param method the HTTP method
         * @param path   the request path with its query
         * @param status Docker's status, or 0 when Docker did not answer
         * @param nanos  from the call's start to the answer's head (or the failure)
         */
        void record(String method, String path, int status, long nanos);
    }

    /**
     * The unix socket's path, when Docker is reached over one.
     *
     * @return the socket, or empty for a TCP endpoint
     */
    public Optional<Path> unixSocket() {
        URI uri = URI.create(host);
        if ("unix".equals(uri.getScheme()) && uri.getPath() != null && !uri.getPath().isEmpty()) {
            return Optional.of(Path.of(uri.getPath()));
        }
        return Optional.empty();
    }
}
