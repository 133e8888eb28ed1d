package io.bollard.plugins.containers.query;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerJson;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugins.containers.ContainersPlugin;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /agent/docker/containers} and {@code GET /agent/docker/containers/{id}}.
 */
@Controller(ContainersPlugin.ROUTE_PREFIX)
@RequiresPlugin(ContainersPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ContainerQueryController {

    private final VisibleContainers containers;
    private final RestartPolicies restartPolicies;
    private final HiddenReferences hiddenReferences;

    /**
     * @param containers      the visible containers
     * @param restartPolicies the listed containers' restart policies
     * @param docker          the Docker client, to find what names a hidden container a visible one refers to
     */
    public ContainerQueryController(VisibleContainers containers, RestartPolicies restartPolicies,
                                    DockerClient docker) {
        this.containers = containers;
        this.restartPolicies = restartPolicies;
        this.hiddenReferences = new HiddenReferences(containers, docker);
    }

    /**
     * Lists the visible containers.
     *
     * @param all     include stopped ones
     * @param filters the caller's Docker filters, in Docker's JSON form
     * @param label   shorthand for one more {@code label} filter, {@code key} or {@code key=value}
     * @return the containers
     */
    @Get
    public List<ContainerSummary> list(@QueryValue(defaultValue = "false") boolean all,
                                       @Nullable @QueryValue String filters,
                                       @Nullable @QueryValue List<String> label) {
        Map<String, List<String>> caller = DockerJson.parseFilters(filters);
        if (label != null && !label.isEmpty()) {
            caller.computeIfAbsent("label", k -> new ArrayList<>()).addAll(label);
        }
        List<Container> listed = containers.list(all, caller);
        List<String> policies = restartPolicies.of(listed.stream().map(Container::getId).toList());
        List<ContainerSummary> out = new ArrayList<>(listed.size());
        for (int i = 0; i < listed.size(); i++) {
            out.add(ContainerViews.summary(listed.get(i), policies.get(i)));
        }
        return out;
    }

    /**
     * Shows one visible container.
     *
     * @param id full id, id prefix or name
     * @return its details
     */
    @Get("/{id}")
    public ContainerDetails inspect(@PathVariable String id) {
        InspectContainerResponse inspected = containers.inspect(id);
        return hiddenReferences.redact(inspected, ContainerViews.details(inspected));
    }

}
