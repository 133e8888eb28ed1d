package io.bollard.plugins.files;

import io.bollard.plugin.RequiresPlugin;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Map;

/**
 * {@code POST /agent/docker/containers/{id}/files/write}: writes one file into a container through Docker's
 * archive API.
 */
@Controller("/agent/docker/containers")
@RequiresPlugin(FilesPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ContainerFileWriteController {

    private final ContainerFiles files;
    private final Places places;

    /**
     * @param files  files in containers
     * @param places for the read-only switch
     */
    public ContainerFileWriteController(ContainerFiles files, Places places) {
        this.files = files;
        this.places = places;
    }

    /**
     * Writes a file.
     *
     * @param id      the container
     * @param request the file
     * @return the written path
     */
    @Post("/{id}/files/write")
    public Map<String, Object> write(@PathVariable String id, @Body FileRequests.ContainerWrite request) {
        places.checkWritable();
        if (request.path() == null || request.path().isEmpty()) {
            throw io.bollard.plugin.error.ApiException.badRequest("path is required");
        }
        byte[] bytes = Encodings.decode(request.content(), request.encoding());
        String path = files.write(id, request.path(), bytes, request.octalMode(),
                Boolean.TRUE.equals(request.createDirs()), request.expectedMtime()).path();
        return Map.of("path", path, "size", bytes.length, "status", "written");
    }
}
