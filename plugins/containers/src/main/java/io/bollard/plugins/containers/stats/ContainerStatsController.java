package io.bollard.plugins.containers.stats;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugins.containers.ContainersPlugin;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /agent/docker/containers/{id}/stats}: one sample.
 */
@Controller(ContainersPlugin.ROUTE_PREFIX)
@RequiresPlugin(ContainersPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ContainerStatsController {

    private final ContainerStats stats;

    /**
     * @param stats the statistics reader
     */
    public ContainerStatsController(ContainerStats stats) {
        this.stats = stats;
    }

    /**
     * One sample of the container's resource use.
     *
     * @param id full id, id prefix or name
     * @return the sample
     */
    @Get("/{id}/stats")
    public StatsSample stats(@PathVariable String id) {
        return stats.once(id);
    }
}
