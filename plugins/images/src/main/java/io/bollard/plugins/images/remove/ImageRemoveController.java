package io.bollard.plugins.images.remove;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PruneType;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugins.images.pull.ImageReference;
import io.bollard.plugin.filter.LabelFilter;
import io.bollard.plugins.images.ImagesPlugin;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Hidden;

import java.util.List;

/**
 * {@code DELETE /agent/docker/images/{ref}?force=&noprune=} and {@code POST /agent/docker/images/prune}.
 */
@Controller(ImagesPlugin.ROUTE_PREFIX)
@RequiresPlugin(ImagesPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ImageRemoveController {

    private final DockerClient docker;
    private final LabelFilter filter;
    private final VisibleContainers containers;

    /**
     * @param docker     the Docker client
     * @param filter     the label filter in force
     * @param containers which containers the filter lets the caller see
     */
    public ImageRemoveController(DockerClient docker, LabelFilter filter, VisibleContainers containers) {
        this.docker = docker;
        this.filter = filter;
        this.containers = containers;
    }

    /**
     * Removes an image.
     *
     * @param ref     id, id prefix or repo:tag
     * @param force   remove it even when tagged several times or used by stopped containers
     * @param noprune keep its untagged parents
     * @return the result; 409 with Docker's reason when a container uses it
     */
    @Hidden // the generator cannot describe {+ref}: META-INF/bollard/openapi-extra.yml does
    @Delete("/{+ref}")
    public RemoveResult remove(@PathVariable String ref, @QueryValue(defaultValue = "false") boolean force,
                               @QueryValue(defaultValue = "false") boolean noprune) {
        ImagesPlugin.checkedRef(ref);
        InspectImageResponse image = inspect(ref);
        // With a filter in force, a container the caller cannot see may use the image: neither force nor
        // Docker's message (which names that container) may reach past the filter.
        boolean usedByHidden = !filter.isEmpty() && usedByHiddenContainer(image.getId());
        if (usedByHidden && deletes(ref, image)) {
            throw ApiException.conflict("image " + ref + " is in use by a container");
        }
        try {
            // Without force where a hidden container uses the image: Docker itself then untags a tag that is not
            // the last and refuses the last one, however removals sent at once spell it.
            docker.removeImageCmd(ref).withForce(force && !usedByHidden).withNoPrune(noprune).exec();
        } catch (NotFoundException e) {
            throw ApiException.notFound("No such image: " + ref);
        } catch (ConflictException e) {
            if (usedByHidden) {
                throw ApiException.conflict("image " + ref + " is in use by a container");
            }
            throw DockerErrors.map(e);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
        return new RemoveResult(ref, "removed", image.getId(), !exists(image.getId()));
    }

    private InspectImageResponse inspect(String ref) {
        try {
            return docker.inspectImageCmd(ref).exec();
        } catch (NotFoundException e) {
            throw ApiException.notFound("No such image: " + ref);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    private boolean exists(String imageId) {
        try {
            docker.inspectImageCmd(imageId).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    /** Whether a container the filter hides, running or not, was made from the image. */
    private boolean usedByHiddenContainer(String imageId) {
        try {
            return docker.listContainersCmd().withShowAll(true).exec().stream()
                    .anyMatch(c -> imageId.equals(c.getImageId()) && !containers.isVisible(c));
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    /**
     * Whether removing {@code ref} deletes the image, not only one of its tags: an id or id prefix does, and so does
     * its last tag.
     */
    private static boolean deletes(String ref, InspectImageResponse image) {
        List<String> tags = image.getRepoTags() == null ? List.of() : image.getRepoTags();
        String hex = ref.startsWith("sha256:") ? ref.substring(7) : ref;
        if (tags.size() <= 1 || ref.contains("@") || !ImageReference.isReference(ref)
                || image.getId() != null && hex.matches("[0-9a-f]+") && image.getId().startsWith("sha256:" + hex)) {
            // Docker takes a prefix of the id for the id, whatever tags spell the same.
            return true;
        }
        // Docker lists tags without its default registry: busybox:latest, not docker.io/library/busybox.
        String tag = ImageReference.parse(ref).canonical().replaceFirst("^docker\\.io/(library/)?", "");
        return !tags.contains(tag);
    }

    /**
     * Removes unused images.
     *
     * @param request whether only dangling (untagged) ones; absent means dangling only
     * @return what was freed
     */
    @Post("/prune")
    public PruneResult prune(@Nullable @Body PruneRequest request) {
        boolean danglingOnly = request == null || request.danglingOnly() == null || request.danglingOnly();
        try {
            Long reclaimed = docker.pruneCmd(PruneType.IMAGES).withDangling(danglingOnly).exec().getSpaceReclaimed();
            return new PruneResult(danglingOnly, reclaimed == null ? 0 : reclaimed);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }
}
