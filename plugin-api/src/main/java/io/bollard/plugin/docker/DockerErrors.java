package io.bollard.plugin.docker;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.exception.UnauthorizedException;
import io.bollard.plugin.error.ApiException;
import io.micronaut.http.HttpStatus;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Translates docker-java failures into {@link ApiException}s that carry Docker's own message.
 *
 * <p>Docker's 4xx answers keep their meaning (400, 404, 409); Docker's 5xx become 502 (the engine failed, not the
 * agent); an engine that cannot be reached is 503.
 */
public final class DockerErrors {

    private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern STATUS_PREFIX = Pattern.compile("^Status \\d+: ");
    private static final Pattern NAME_HOLDER = Pattern.compile("by container \"?[0-9a-f]{12,64}\"?");
    /** Docker lists a volume's users by id ({@code volume is in use - [id, id]}). */
    private static final Pattern USERS = Pattern.compile("in use - \\[[0-9a-f, ]*\\]");
    /** A network that conflicts with a new one, named by id, which may be one the agent's filter hides. */
    private static final Pattern NETWORK_HOLDER = Pattern.compile("conflicts with network [0-9a-f]{12,64}");

    private DockerErrors() {
    }

    /**
     * Maps any failure of a Docker call.
     *
     * @param failure what docker-java threw
     * @return the error to answer with
     */
    public static ApiException map(Throwable failure) {
        if (failure instanceof ApiException api) {
            return api;
        }
        if (failure instanceof DockerException docker) {
            String message = dockerMessage(docker);
            if (docker instanceof NotFoundException) {
                return ApiException.notFound(message);
            }
            // Docker's 403 is a refusal for the state of things (a network's bridge name or addresses taken, one
            // still in use), as a conflict is; some engines answer the network in use with a 500.
            if (docker instanceof ConflictException || docker.getHttpStatus() == 403
                    || message.contains("has active endpoints")) {
                return ApiException.conflict(message);
            }
            if (docker instanceof BadRequestException) {
                return ApiException.badRequest(message);
            }
            if (docker instanceof NotModifiedException) {
                return new ApiException(HttpStatus.NOT_MODIFIED, "not_modified", message);
            }
            if (docker instanceof UnauthorizedException) {
                return new ApiException(HttpStatus.BAD_GATEWAY, "docker_unauthorized", message);
            }
            return new ApiException(HttpStatus.BAD_GATEWAY, "docker_error", message);
        }
        if (isUnreachable(failure)) {
            return unavailable();
        }
        return new ApiException(HttpStatus.BAD_GATEWAY, "docker_error",
                "Docker call failed: " + failure.getClass().getSimpleName());
    }

    /**
     * The error for an engine that does not answer.
     *
     * @return a 503 {@code docker_unavailable}
     */
    public static ApiException unavailable() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "docker_unavailable",
                "Docker Engine is not reachable; the agent will use it again as soon as it answers");
    }

    /**
     * Whether the failure means the engine could not be reached at all (socket missing, connection refused or
     * reset).
     *
     * @param failure what was thrown
     * @return true when no answer came from Docker
     */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * Docker's own message from an error answer, without docker-java's {@code Status NNN:} prefix and JSON wrapper.
     *
     * @param docker the exception
     * @return the message
     */
    public static String dockerMessage(DockerException docker) {
        String raw = docker.getMessage() == null ? "" : docker.getMessage().trim();
        Matcher m = JSON_MESSAGE.matcher(raw);
        String message = m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\")
                : STATUS_PREFIX.matcher(raw).replaceFirst("");
        // A name conflict names the other container by id, and it may be one the agent's filter hides.
        String named = NETWORK_HOLDER.matcher(message).replaceAll("conflicts with another network");
        return USERS.matcher(NAME_HOLDER.matcher(named).replaceAll("by another container"))
                .replaceAll("in use by other containers");
    }
}
