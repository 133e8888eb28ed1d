package io.bollard.plugins.images.pull;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PullResponseItem;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.plugin.stream.DockerStreams;
import io.bollard.plugins.images.ImagesPlugin;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;

import java.util.Locale;

/**
 * Pulls an image through Docker and reports progress as {@link PullProgress} lines.
 */
@Singleton
@RequiresPlugin(ImagesPlugin.ID)
public class ImagePuller {

    /** Stream kind for {@link ActiveStreams}. */
    public static final String STREAM_KIND = "pull";

    private final DockerClient docker;
    private final ActiveStreams streams;

    /**
     * @param docker  the Docker client
     * @param streams open stream counter
     */
    public ImagePuller(DockerClient docker, ActiveStreams streams) {
        this.docker = docker;
        this.streams = streams;
    }

    /**
     * Pulls, emitting Docker's progress; errors arrive as {@link ApiException}s. The credentials go to Docker in
     * this one call's header and are not kept.
     *
     * @param ref      what to pull
     * @param auth     credentials, or null
     * @param platform {@code os[/arch[/variant]]}, or null for the host's
     * @return the progress, ending when the pull is done
     */
    public Flux<PullProgress> pull(ImageReference ref, AuthConfig auth, String platform) {
        return DockerStreams.<PullResponseItem>flux(streams, STREAM_KIND, cb -> {
                    PullImageCmd cmd = docker.pullImageCmd(ref.repository()).withTag(ref.tag());
                    if (auth != null) {
                        cmd.withAuthConfig(auth);
                    }
                    if (platform != null) {
                        cmd.withPlatform(platform);
                    }
                    cmd.exec(cb);
                })
                .map(item -> {
                    if (item.isErrorIndicated()) {
                        String message = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                                ? item.getErrorDetail().getMessage() : item.getError();
                        throw pullError(message);
                    }
                    var detail = item.getProgressDetail();
                    return PullProgress.step(item.getId(), item.getStatus(),
                            detail == null ? null : detail.getCurrent(), detail == null ? null : detail.getTotal());
                })
                // Docker answers some registry failures (missing credentials) with a 500 before streaming.
                .onErrorMap(e -> e instanceof ApiException api && "docker_error".equals(api.code()),
                        e -> pullError(e.getMessage()));
    }

    /**
     * The id of the image a reference now names.
     *
     * @param ref the reference
     * @return the image id
     */
    public String imageId(ImageReference ref) {
        try {
            return docker.inspectImageCmd(ref.canonical()).exec().getId();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    /** Registry errors arrive inside the stream; give them the status they mean. */
    static ApiException pullError(String message) {
        String m = message == null ? "pull failed" : message;
        String lower = m.toLowerCase(Locale.ROOT);
        if (lower.contains("not found") || lower.contains("manifest unknown") || lower.contains("does not exist")
                || lower.contains("no matching manifest")) {
            return ApiException.notFound(m);
        }
        if (lower.contains("unauthorized") || lower.contains("authentication required") || lower.contains("denied")
                || lower.contains("no basic auth credentials")) {
            return new ApiException(HttpStatus.BAD_GATEWAY, "registry_unauthorized", m);
        }
        return new ApiException(HttpStatus.BAD_GATEWAY, "registry_error", m);
    }
}
