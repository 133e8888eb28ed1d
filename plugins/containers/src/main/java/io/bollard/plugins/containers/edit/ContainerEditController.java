package io.bollard.plugins.containers.edit;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugins.containers.ContainersPlugin;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code PUT /agent/docker/containers/{id}}: edit a container by recreating it.
 */
@Controller(ContainersPlugin.ROUTE_PREFIX)
@RequiresPlugin(ContainersPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ContainerEditController {

    private final ContainerRecreator recreator;

    /**
     * @param recreator does the work
     */
    public ContainerEditController(ContainerRecreator recreator) {
        this.recreator = recreator;
    }

    /**
     * Edits a container.
     *
     * @param id   full id, id prefix or name
     * @param edit what to change
     * @return the new container's id and state
     */
    @Put("/{id}")
    public ContainerEditResult edit(@PathVariable String id, @Body ContainerEditRequest edit) {
        return recreator.edit(id, edit);
    }
}
