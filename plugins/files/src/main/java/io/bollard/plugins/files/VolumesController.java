package io.bollard.plugins.files;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugins.files.FileRequests.Volume;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /agent/docker/volumes}: the volumes the agent may see, with the visible containers that use them.
 */
@Controller(FilesPlugin.VOLUMES)
@RequiresPlugin(FilesPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class VolumesController {

    private final DockerClient docker;
    private final Places places;

    /**
     * @param docker the Docker client
     * @param places visibility rules
     */
    public VolumesController(DockerClient docker, Places places) {
        this.docker = docker;
        this.places = places;
    }

    /**
     * Lists volumes.
     *
     * @return the visible volumes, by name
     */
    @Get
    public List<Volume> list() {
        List<InspectVolumeResponse> volumes;
        try {
            volumes = docker.listVolumesCmd().exec().getVolumes();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
        Map<String, List<String>> users = places.users();
        return (volumes == null ? List.<InspectVolumeResponse>of() : volumes).stream()
                .filter(v -> places.filter().isEmpty() || places.filter().matchesLabels(v.getLabels())
                        || users.containsKey(v.getName()))
                .map(v -> new Volume(v.getName(), v.getDriver(), v.getLabels() == null ? Map.of() : v.getLabels(),
                        v.getMountpoint(), users.getOrDefault(v.getName(), List.of()).stream().sorted().toList()))
                .sorted(Comparator.comparing(Volume::name))
                .toList();
    }
}
