package io.bollard.plugins.images.list;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.docker.DockerJson;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugins.images.ImagesPlugin;
import io.bollard.plugins.images.pull.ImageReference;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /agent/docker/images} and {@code GET /agent/docker/images/{ref}}; {@code ref} is an id, an id prefix
 * or a {@code repo:tag}, slashes included.
 */
@Controller(ImagesPlugin.ROUTE_PREFIX)
@RequiresPlugin(ImagesPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ImageQueryController {

    private final DockerClient docker;
    private final VisibleContainers containers;

    /**
     * @param docker     the Docker client
     * @param containers the visible containers, for the usage counts
     */
    public ImageQueryController(DockerClient docker, VisibleContainers containers) {
        this.docker = docker;
        this.containers = containers;
    }

    /**
     * Lists images.
     *
     * @param all include intermediate layers
     * @return the images, newest first
     */
    @Get
    public List<ImageSummary> list(@QueryValue(defaultValue = "false") boolean all) {
        List<Image> images;
        try {
            images = docker.listImagesCmd().withShowAll(all).exec();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
        Map<String, Integer> uses = usage();
        return images.stream()
                .sorted(Comparator.comparing((Image i) -> i.getCreated() == null ? 0L : i.getCreated()).reversed())
                .map(i -> summary(i, uses.getOrDefault(i.getId(), 0)))
                .toList();
    }

    /**
     * Inspects one image.
     *
     * @param ref id, id prefix or repo:tag
     * @return its details
     */
    @Hidden // the generator cannot describe {+ref}: META-INF/bollard/openapi-extra.yml does
    @Get("/{+ref}")
    public ImageDetails inspect(@PathVariable String ref) {
        ImagesPlugin.checkedRef(ref);
        InspectImageResponse i;
        try {
            i = docker.inspectImageCmd(ref).exec();
        } catch (NotFoundException e) {
            throw ApiException.notFound("No such image: " + ref);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
        return new ImageDetails(i.getId(), list(i.getRepoTags()), list(i.getRepoDigests()),
                i.getSize() == null ? 0 : i.getSize(), i.getCreated(), i.getArch(), i.getOs(),
                usage().getOrDefault(i.getId(), 0), raw(i));
    }

    /**
     * Docker's inspect answer; with a label filter, without the id of the container an image was committed from
     * ({@code Container}, and the host name Docker took from it), which may be one the filter hides.
     */
    private Map<String, Object> raw(InspectImageResponse image) {
        Map<String, Object> raw = DockerJson.toDocument(image);
        if (!containers.filter().isEmpty() && image.getContainer() != null && !image.getContainer().isEmpty()) {
            String container = image.getContainer();
            raw.remove("Container");
            for (String config : List.of("Config", "ContainerConfig")) {
                if (raw.get(config) instanceof Map<?, ?> c && c.get("Hostname") instanceof String host
                        && !host.isEmpty() && container.startsWith(host)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> writable = (Map<String, Object>) c;
                    writable.remove("Hostname");
                }
            }
        }
        return raw;
    }

    /** Containers the agent may see, counted by the image they run. */
    private Map<String, Integer> usage() {
        Map<String, Integer> uses = new HashMap<>();
        for (Container c : containers.list(true, Map.of())) {
            if (c.getImageId() != null) {
                uses.merge(c.getImageId(), 1, Integer::sum);
            }
        }
        return uses;
    }

    private static ImageSummary summary(Image i, int containers) {
        List<String> tags = i.getRepoTags() == null ? List.of() : Arrays.stream(i.getRepoTags())
                .filter(t -> !"<none>:<none>".equals(t)).toList();
        String repo = "<none>";
        String tag = "<none>";
        if (!tags.isEmpty()) {
            ImageReference ref = ImageReference.parse(tags.get(0));
            repo = ref.repository();
            tag = ref.tag();
        }
        String created = i.getCreated() == null ? null : Instant.ofEpochSecond(i.getCreated()).toString();
        return new ImageSummary(i.getId(), tags, repo, tag, i.getSize() == null ? 0 : i.getSize(), created,
                containers);
    }

    private static List<String> list(List<String> values) {
        return values == null ? List.of() : values;
    }
}
