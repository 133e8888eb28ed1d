package io.bollard.plugins.containers.query;

import com.github.dockerjava.api.model.Container;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerJson;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code GET /agent/docker/containers} and {@code GET /agent/docker/containers/{id}}.
 */
@Controller(ContainersPlugin.ROUTE_PREFIX)
@RequiresPlugin(ContainersPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ContainerQueryController {

    private final VisibleContainers containers;

    /**
     * @param containers the visible containers
     */
    public ContainerQueryController(VisibleContainers containers) {
        this.containers = containers;
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
        return withRestartPolicies(listed);
    }

    /**
     * Shows one visible container.
     *
     * @param id full id, id prefix or name
     * @return its details
     */
    @Get("/{id}")
    public ContainerDetails inspect(@PathVariable String id) {
        return ContainerViews.details(containers.inspect(id));
    }

    /**
     * Docker's list call does not carry the restart policy, so each container is inspected, concurrently, on
     * virtual threads.
     */
    private List<ContainerSummary> withRestartPolicies(List<Container> listed) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> policies = listed.stream()
                    .map(c -> pool.submit(() -> restartPolicyOf(c.getId())))
                    .toList();
            List<ContainerSummary> out = new ArrayList<>(listed.size());
            for (int i = 0; i < listed.size(); i++) {
                out.add(ContainerViews.summary(listed.get(i), policies.get(i).get()));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.badRequest("interrupted");
        } catch (ExecutionException e) {
            throw io.bollard.plugin.docker.DockerErrors.map(e.getCause());
        }
    }

    private String restartPolicyOf(String id) {
        try {
            return ContainerViews.restartPolicy(containers.inspect(id).getHostConfig());
        } catch (ApiException gone) {
            // Removed between the list and the inspect: it is still listed, without a policy.
            return "no";
        }
    }
}
