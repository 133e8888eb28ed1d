package io.bollard.compose.apply;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.bollard.compose.model.Network;
import io.bollard.compose.model.Project;
import io.bollard.compose.model.Service;
import io.bollard.compose.model.Volume;
import io.bollard.compose.plan.ComposeLabels;
import io.bollard.compose.plan.ObservedContainer;
import io.bollard.compose.plan.ObservedState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the engine has of a project, by Compose's project label (so stacks made by Docker Compose are seen too).
 */
public final class EngineState {

    private final DockerClient docker;

    /**
     * @param docker the Docker client
     */
    public EngineState(DockerClient docker) {
        this.docker = docker;
    }

    /**
     * The containers of a project, {@code compose run} ones left out.
     *
     * @param project the project name
     * @return its containers
     */
    public List<ObservedContainer> containers(String project) {
        List<ObservedContainer> out = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ComposeLabels.PROJECT, project)).exec()) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            if ("True".equalsIgnoreCase(labels.get(ComposeLabels.ONEOFF))) {
                continue;
            }
            out.add(new ObservedContainer(c.getId(), name(c), labels.getOrDefault(ComposeLabels.SERVICE, ""),
                    number(labels.get(ComposeLabels.CONTAINER_NUMBER)), labels.get(ComposeLabels.CONFIG_HASH),
                    c.getImageId(), c.getState(), health(c.getStatus()),
                    dependencies(labels.get(ComposeLabels.DEPENDS_ON))));
        }
        return out;
    }

    /**
     * What the engine has of a project the agent is about to deploy.
     *
     * @param project the project
     * @return containers, the networks and volumes it names that exist, and its images' ids
     */
    public ObservedState observe(Project project) {
        Set<String> networks = new HashSet<>();
        for (Network n : project.networks().values()) {
            if (!docker.listNetworksCmd().withNameFilter(n.name()).exec().stream()
                    .filter(x -> x.getName().equals(n.name())).toList().isEmpty()) {
                networks.add(n.name());
            }
        }
        Set<String> volumes = new HashSet<>();
        for (Volume v : project.volumes().values()) {
            try {
                docker.inspectVolumeCmd(v.name()).exec();
                volumes.add(v.name());
            } catch (NotFoundException e) {
                // not there yet
            }
        }
        Map<String, String> images = new HashMap<>();
        for (Service s : project.services().values()) {
            try {
                InspectImageResponse image = docker.inspectImageCmd(s.image()).exec();
                images.put(s.image(), image.getId());
            } catch (NotFoundException e) {
                // to be pulled
            }
        }
        return new ObservedState(containers(project.name()), networks, volumes, images);
    }

    /**
     * What a stack has on the engine for stopping or removing it: containers, and the networks and volumes that
     * carry its project label.
     *
     * @param project the project name
     * @return its state
     */
    public ObservedState labelled(String project) {
        Set<String> networks = new HashSet<>();
        docker.listNetworksCmd().withFilter("label", List.of(ComposeLabels.PROJECT + "=" + project)).exec()
                .forEach(n -> networks.add(n.getName()));
        Set<String> volumes = new HashSet<>();
        var listed = docker.listVolumesCmd().withFilter("label", List.of(ComposeLabels.PROJECT + "=" + project))
                .exec().getVolumes();
        if (listed != null) {
            listed.forEach(v -> volumes.add(v.getName()));
        }
        return new ObservedState(containers(project), networks, volumes, Map.of());
    }

    /** {@code db:service_healthy:false,cache:service_started:false} to {@code [db, cache]}. */
    private static List<String> dependencies(String label) {
        List<String> out = new ArrayList<>();
        if (label != null) {
            for (String entry : label.split(",")) {
                String service = entry.split(":", 2)[0].trim();
                if (!service.isEmpty()) {
                    out.add(service);
                }
            }
        }
        return out;
    }

    private static String name(Container c) {
        return c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
    }

    private static int number(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Docker's list answer says {@code Up 3 seconds (healthy)}; the state alone has no health. */
    private static String health(String status) {
        if (status == null) {
            return null;
        }
        for (String h : List.of("healthy", "unhealthy", "health: starting")) {
            if (status.contains("(" + h + ")")) {
                return h.equals("health: starting") ? "starting" : h;
            }
        }
        return null;
    }
}
