package io.bollard.plugins.containers.lifecycle;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugins.containers.ContainersPlugin;
import io.bollard.plugins.containers.edit.ContainerRecreator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.regex.Pattern;

/**
 * {@code POST /agent/docker/containers/{id}/start|stop|restart} and {@code DELETE /agent/docker/containers/{id}}.
 *
 * <p>Starting a running container or stopping a stopped one is not an error: it answers 200 with
 * {@code changed: false}.
 */
@Controller(ContainersPlugin.ROUTE_PREFIX)
@RequiresPlugin(ContainersPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ContainerLifecycleController {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerLifecycleController.class);
    /** The names Docker gives the volumes it makes on its own. */
    private static final Pattern GENERATED_VOLUME_NAME = Pattern.compile("[0-9a-f]{64}");

    private final DockerClient docker;
    private final VisibleContainers containers;
    private final ContainerRecreator edits;

    /**
     * @param docker     the Docker client
     * @param containers the visible containers
     * @param edits      the edits, which a change of the same container waits for none of (409)
     */
    public ContainerLifecycleController(DockerClient docker, VisibleContainers containers, ContainerRecreator edits) {
        this.docker = docker;
        this.containers = containers;
        this.edits = edits;
    }

    /**
     * Starts a container.
     *
     * @param id full id, id prefix or name
     * @return the result
     */
    @Post("/{id}/start")
    public LifecycleResult start(@PathVariable String id) {
        return edits.unlessEdited(id, "a start", container -> {
            String fullId = container.getId();
            boolean changed = call(() -> docker.startContainerCmd(fullId).exec());
            return new LifecycleResult(fullId, "start", stateOf(fullId), changed);
        });
    }

    /**
     * Stops a container.
     *
     * @param id      full id, id prefix or name
     * @param timeout seconds to wait before killing it; Docker's default (10 s or the container's own) when absent
     * @return the result
     */
    @Post("/{id}/stop")
    public LifecycleResult stop(@PathVariable String id, @Nullable @QueryValue Integer timeout) {
        if (timeout != null && timeout < 0) {
            throw ApiException.badRequest("timeout must be 0 or more seconds");
        }
        return edits.unlessEdited(id, "a stop", container -> {
            String fullId = container.getId();
            boolean changed = call(() -> {
                var cmd = docker.stopContainerCmd(fullId);
                if (timeout != null) {
                    cmd.withTimeout(timeout);
                }
                cmd.exec();
            });
            return new LifecycleResult(fullId, "stop", stateOf(fullId), changed);
        });
    }

    /**
     * Restarts a container.
     *
     * @param id      full id, id prefix or name
     * @param timeout seconds to wait for it to stop before killing it
     * @return the result
     */
    @Post("/{id}/restart")
    public LifecycleResult restart(@PathVariable String id, @Nullable @QueryValue Integer timeout) {
        if (timeout != null && timeout < 0) {
            throw ApiException.badRequest("timeout must be 0 or more seconds");
        }
        return edits.unlessEdited(id, "a restart", container -> {
            String fullId = container.getId();
            call(() -> {
                var cmd = docker.restartContainerCmd(fullId);
                if (timeout != null) {
                    cmd.withTimeout(timeout);
                }
                cmd.exec();
            });
            return new LifecycleResult(fullId, "restart", stateOf(fullId), true);
        });
    }

    /**
     * Removes a container.
     *
     * @param id      full id, id prefix or name
     * @param force   kill it first when it runs (otherwise a running container is a 409)
     * @param volumes also remove its anonymous volumes
     * @return the result
     */
    @Delete("/{id}")
    public LifecycleResult remove(@PathVariable String id, @QueryValue(defaultValue = "false") boolean force,
                                  @QueryValue(defaultValue = "false") boolean volumes) {
        return edits.unlessEdited(id, "a remove", container -> {
            String fullId = container.getId();
            call(() -> docker.removeContainerCmd(fullId).withForce(force).withRemoveVolumes(volumes).exec());
            if (volumes) {
                removeFormerlyAnonymousVolumes(container);
            }
            return new LifecycleResult(fullId, "remove", "removed", true);
        });
    }

    /**
     * An edit re-attaches a container's anonymous volumes by name to keep their data, after which Docker counts them
     * as named and leaves them behind; volumes with Docker's generated names go with the container as promised.
     * One that another container still uses stays (Docker refuses).
     */
    private void removeFormerlyAnonymousVolumes(InspectContainerResponse container) {
        if (container.getMounts() == null) {
            return;
        }
        for (InspectContainerResponse.Mount m : container.getMounts()) {
            if (m.getName() != null && GENERATED_VOLUME_NAME.matcher(m.getName()).matches()) {
                try {
                    docker.removeVolumeCmd(m.getName()).exec();
                } catch (NotFoundException | ConflictException gone) {
                    // Removed with the container (it was still anonymous), or in use elsewhere.
                } catch (RuntimeException e) {
                    LOG.warn("Container {} removed, but its volume {} was not: {}", container.getId(), m.getName(),
                            e.getMessage());
                }
            }
        }
    }

    private String stateOf(String fullId) {
        return containers.inspect(fullId).getState().getStatus();
    }

    /** Runs a Docker call; false when Docker said the container already was in that state. */
    private static boolean call(Runnable dockerCall) {
        try {
            dockerCall.run();
            return true;
        } catch (NotModifiedException alreadyThere) {
            return false;
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }
}
