package io.bollard.plugins.images.pull;

import com.github.dockerjava.api.model.AuthConfig;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.docker.RegistryAuth;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugins.images.ImagesPlugin;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.bollard.plugin.stream.JsonText;
import io.micronaut.serde.ObjectMapper;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * {@code POST /agent/docker/images/pull}: answers {@code {"status":"pulled", id}} when the pull is done, or, with
 * {@code Accept: application/x-ndjson}, streams Docker's progress and ends with a result line.
 */
@Controller(ImagesPlugin.ROUTE_PREFIX)
@RequiresPlugin(ImagesPlugin.ID)
public class ImagePullController {

    private static final String NDJSON = "application/x-ndjson";
    private static final Duration PULL_LIMIT = Duration.ofHours(2);
    private static final Pattern PLATFORM = Pattern.compile("[a-z0-9]{1,32}(/[a-z0-9_]{1,32}(/[a-z0-9]{1,32})?)?");

    private final ImagePuller puller;
    private final ObjectMapper json;

    /**
     * @param puller does the pulling
     * @param json   writes NDJSON lines
     */
    public ImagePullController(ImagePuller puller, ObjectMapper json) {
        this.puller = puller;
        this.json = json;
    }

    /**
     * Pulls an image.
     *
     * @param request what to pull, and credentials
     * @param accept  the Accept header
     * @return the result, or the streamed progress
     */
    @Post(value = "/pull", produces = {MediaType.APPLICATION_JSON, NDJSON})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<?> pull(@Body PullRequest request, @Nullable @Header(HttpHeaders.ACCEPT) String accept) {
        if (request == null || request.image() == null) {
            throw ApiException.badRequest("image is required, for example {\"image\": \"busybox:latest\"}");
        }
        if (!(request.image() instanceof String image)) {
            throw ApiException.badRequest("image must be a string, for example {\"image\": \"busybox:latest\"}");
        }
        ImageReference ref = ImageReference.parse(image);
        AuthConfig auth = RegistryAuth.parse(request.registryAuth());
        String platform = platform(request.platform());
        if (accept != null && accept.contains(NDJSON)) {
            Flux<byte[]> lines = puller.pull(ref, auth, platform)
                    .concatWith(Mono.fromCallable(() -> PullProgress.pulled(puller.imageId(ref), ref.canonical())))
                    .onErrorResume(e -> {
                        ApiException error = DockerErrors.map(e);
                        return Mono.just(PullProgress.failed(error.code(), error.getMessage()));
                    })
                    .map(value -> JsonText.line(json, value));
            return HttpResponse.ok(lines).contentType(new MediaType(NDJSON));
        }
        try {
            puller.pull(ref, auth, platform).blockLast(PULL_LIMIT);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
        return HttpResponse.ok(new PullResult("pulled", puller.imageId(ref), ref.canonical()));
    }

    /** {@code os[/arch[/variant]]}, as Docker's platform parameter takes it; null for the host's. */
    static String platform(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || !PLATFORM.matcher(text).matches()) {
            throw ApiException.badRequest("platform must be os[/arch[/variant]] in lower case, such as linux/arm64 "
                    + "or linux/arm/v7");
        }
        return text;
    }
}
