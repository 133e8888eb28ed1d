package io.bollard.plugins.files;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerMount;
import io.bollard.files.FileManager;
import io.bollard.files.Limits;
import io.bollard.files.RefusedWriteCleanup;
import io.bollard.files.Sandbox;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.filter.LabelFilter;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns a volume or stack name into a sandboxed file manager, and decides which volumes the agent may see.
 *
 * <p>A volume's folder is Docker's own {@code Mountpoint}, never a guessed path; when the agent runs in a container
 * with Docker's volumes folder mounted elsewhere, {@code AGENT_VOLUMES_DIR} says where. With a label filter, a
 * volume is visible when its labels match or a visible container mounts it.
 */
@Singleton
@RequiresPlugin(FilesPlugin.ID)
public class Places {

    /** Docker's pattern for volume names. */
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}");

    private static final Pattern STACK_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private final DockerClient docker;
    private final VisibleContainers containers;
    private final LabelFilter filter;
    private final Path stacksDir;
    private final Path volumesDir;
    private final Limits limits;
    private final boolean readOnly;
    /** Takes away the folder a refused write made for its stack, never from under a write beside it. */
    private final RefusedWriteCleanup stackFolders = new RefusedWriteCleanup();

    /**
     * @param docker     the Docker client
     * @param containers the visible containers
     * @param filter     the filter in force
     * @param dataDir    the agent's data folder
     * @param volumesDir {@code AGENT_VOLUMES_DIR}, if set
     * @param maxUpload  upload limit, bytes
     * @param maxRead    read limit, bytes
     * @param maxEntries archive entry limit
     * @param readOnly   refuse writes
     */
    public Places(DockerClient docker, VisibleContainers containers, LabelFilter filter,
                  @Property(name = "agent.data-dir") String dataDir,
                  @Nullable @Property(name = FilesPlugin.VOLUMES_DIR) String volumesDir,
                  @Property(name = FilesPlugin.MAX_UPLOAD, defaultValue = "1073741824") long maxUpload,
                  @Property(name = FilesPlugin.MAX_READ, defaultValue = "10485760") long maxRead,
                  @Property(name = FilesPlugin.MAX_ENTRIES, defaultValue = "100000") int maxEntries,
                  @Property(name = FilesPlugin.READ_ONLY, defaultValue = "false") boolean readOnly) {
        this.docker = docker;
        this.containers = containers;
        this.filter = filter;
        this.stacksDir = Path.of(dataDir).resolve("stacks");
        this.volumesDir = volumesDir == null || volumesDir.isBlank() ? null : Path.of(volumesDir);
        this.limits = new Limits(maxRead, maxUpload, maxEntries);
        this.readOnly = readOnly;
    }

    /** @return the size limits */
    public Limits limits() {
        return limits;
    }

    /** Refuses a write when the agent is read-only. */
    public void checkWritable() {
        if (readOnly) {
            throw new ApiException(HttpStatus.FORBIDDEN, "read_only", "AGENT_FILES_READ_ONLY is on: no writes");
        }
    }

    /**
     * Runs a write in a place; a stack folder the write had to make is removed again when the write is refused (and
     * the folder still empty), so a refused write leaves nothing behind; never from under a write into the same
     * stack, in progress or succeeded meanwhile ({@link RefusedWriteCleanup}).
     *
     * @param place  where
     * @param action the write
     * @param <T>    its answer
     * @return the write's answer
     */
    public <T> T writing(Place place, Function<FileManager, T> action) {
        boolean stack = place.volume() == null || place.volume().isBlank();
        if (!stack || place.stack() == null || !STACK_NAME.matcher(place.stack()).matches()) {
            return action.apply(manager(place, true));
        }
        Path folder = stacksDir.resolve(place.stack());
        return stackFolders.write(place.stack(), made -> {
            if (!Files.isDirectory(folder)) {
                made.add(folder); // made by manager(), for this write
            }
            return action.apply(manager(place, true));
        });
    }

    /**
     * The file manager for a volume or a stack.
     *
     * @param place    where
     * @param create   make a stack's folder when it does not exist yet (for writes)
     * @return the manager
     */
    public FileManager manager(Place place, boolean create) {
        Path root = place.volume() != null && !place.volume().isBlank() ? volumeRoot(place.volume())
                : stackRoot(place.stack(), create);
        return new FileManager(new Sandbox(root), limits);
    }

    private Path stackRoot(String stack, boolean create) {
        if (stack == null || !STACK_NAME.matcher(stack).matches()) {
            throw ApiException.badRequest("stack must be a stack name (lowercase letters, digits, - and _)");
        }
        if (!containers.isProjectVisible(stack)) {
            // The compose plugin hides such a stack on its routes; its files are hidden the same way.
            throw ApiException.notFound("No such stack: " + stack);
        }
        Path root = stacksDir.resolve(stack);
        if (!Files.isDirectory(root)) {
            if (!create) {
                throw ApiException.notFound("No such stack: " + stack);
            }
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "io_error", "cannot create the stack folder");
            }
        }
        return root;
    }

    private Path volumeRoot(String name) {
        InspectVolumeResponse volume = visibleVolume(name);
        Path mountpoint = Path.of(volume.getMountpoint());
        if (volumesDir != null) {
            String dockerVolumes = dockerRootDir() + "/volumes";
            String mp = mountpoint.toString();
            if (mp.startsWith(dockerVolumes + "/")) {
                mountpoint = volumesDir.resolve(mp.substring(dockerVolumes.length() + 1));
            }
        }
        if (!Files.isDirectory(mountpoint)) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "volume_unreachable", "volume " + name
                    + " is not reachable from the agent (mount Docker's volumes folder and set AGENT_VOLUMES_DIR)");
        }
        return mountpoint;
    }

    /**
     * A volume the agent may see.
     *
     * @param name its name
     * @return Docker's inspect answer
     */
    public InspectVolumeResponse visibleVolume(String name) {
        if (name == null || !VOLUME_NAME.matcher(name).matches()) {
            // Not a name Docker gives a volume, so none has it (and a path such as x/.. never reaches Docker).
            throw ApiException.notFound("No such volume: " + name);
        }
        InspectVolumeResponse volume;
        try {
            volume = docker.inspectVolumeCmd(name).exec();
        } catch (NotFoundException e) {
            throw ApiException.notFound("No such volume: " + name);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
        if (volume == null || !name.equals(volume.getName())) {
            throw ApiException.notFound("No such volume: " + name);
        }
        if (!filter.isEmpty() && !filter.matchesLabels(volume.getLabels()) && usersOf(name).isEmpty()) {
            throw ApiException.notFound("No such volume: " + name);
        }
        return volume;
    }

    /**
     * The names of the visible containers that mount a volume.
     *
     * @param volume the volume name
     * @return container names
     */
    public List<String> usersOf(String volume) {
        return users().getOrDefault(volume, List.of());
    }

    /**
     * Visible containers by the volumes they mount.
     *
     * @return volume name to container names
     */
    public Map<String, List<String>> users() {
        Map<String, List<String>> out = new java.util.HashMap<>();
        for (Container c : containers.list(true, Map.of())) {
            if (c.getMounts() == null) {
                continue;
            }
            for (ContainerMount m : c.getMounts()) {
                if (m.getName() != null) {
                    String name = c.getNames() == null || c.getNames().length == 0 ? c.getId()
                            : c.getNames()[0].replaceFirst("^/", "");
                    out.computeIfAbsent(m.getName(), k -> new ArrayList<>()).add(name);
                }
            }
        }
        return out;
    }

    /** @return the filter in force */
    public LabelFilter filter() {
        return filter;
    }

    private String dockerRootDir() {
        try {
            return docker.infoCmd().exec().getDockerRootDir();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }
}
