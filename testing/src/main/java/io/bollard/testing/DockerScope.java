package io.bollard.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * What one test made on the engine: every container, network and volume it creates through this scope carries a
 * unique label, and {@link #close()} removes exactly those.
 */
public final class DockerScope implements AutoCloseable {

    /** The label every test resource carries; its value is the scope's id. */
    public static final String LABEL = "io.bollard.test.scope";

    private final DockerClient docker;
    private final String id;

    /** A new scope on the shared test engine. */
    public DockerScope() {
        this(TestDocker.client());
    }

    /**
     * @param docker the engine to use
     */
    public DockerScope(DockerClient docker) {
        this.docker = docker;
        this.id = UUID.randomUUID().toString().substring(0, 12);
    }

    /** @return the scope's id, also its label value */
    public String id() {
        return id;
    }

    /**
     * A name unique to this scope.
     *
     * @param base a readable part
     * @return {@code bollard-it-<base>-<id>}
     */
    public String name(String base) {
        return "bollard-it-" + base + "-" + id;
    }

    /**
     * Creates and starts a busybox container.
     *
     * @param name   its name
     * @param labels extra labels
     * @param cmd    the command
     * @return its id
     */
    public String run(String name, Map<String, String> labels, String... cmd) {
        return run(name, labels, c -> { }, cmd);
    }

    /**
     * Creates and starts a busybox container, with more settings.
     *
     * @param name      its name
     * @param labels    extra labels
     * @param customise more settings on the create command
     * @param cmd       the command
     * @return its id
     */
    public String run(String name, Map<String, String> labels, Consumer<CreateContainerCmd> customise, String... cmd) {
        String id = create(name, labels, customise, cmd);
        docker.startContainerCmd(id).exec();
        return id;
    }

    /**
     * Creates a busybox container without starting it.
     *
     * @param name      its name
     * @param labels    extra labels
     * @param customise more settings on the create command
     * @param cmd       the command
     * @return its id
     */
    public String create(String name, Map<String, String> labels, Consumer<CreateContainerCmd> customise,
                         String... cmd) {
        Map<String, String> all = new HashMap<>(labels);
        all.put(LABEL, id);
        CreateContainerCmd create = docker.createContainerCmd(TestDocker.busybox())
                .withName(name)
                .withLabels(all)
                // Test commands do not handle SIGTERM as PID 1; one second keeps stops and clean-up quick.
                .withStopTimeout(1)
                .withCmd(cmd);
        customise.accept(create);
        return create.exec().getId();
    }

    /**
     * Labels a resource made elsewhere must carry so that close removes it.
     *
     * @return the scope label
     */
    public Map<String, String> labels() {
        return Map.of(LABEL, id);
    }

    /**
     * Waits until a container is in the given state.
     *
     * @param idOrName the container
     * @param state    running, exited, ...
     * @param timeout  how long to wait
     */
    public void awaitState(String idOrName, String state, Duration timeout) {
        Instant end = Instant.now().plus(timeout);
        String last = null;
        while (Instant.now().isBefore(end)) {
            last = docker.inspectContainerCmd(idOrName).exec().getState().getStatus();
            if (state.equals(last)) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError(idOrName + " did not reach " + state + " (last: " + last + ")");
    }

    /** @return the engine */
    public DockerClient docker() {
        return docker;
    }

    @Override
    public void close() {
        List<Container> containers = new java.util.ArrayList<>(docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(LABEL, id)).exec());
        // A test may replace a container's labels; its name, made by name(), still carries this scope's id.
        docker.listContainersCmd().withShowAll(true).withNameFilter(List.of("bollard-it-.*-" + id)).exec().stream()
                .filter(c -> containers.stream().noneMatch(known -> known.getId().equals(c.getId())))
                .forEach(containers::add);
        // Anonymous volumes our containers use are ours too; Docker keeps one that a container mounts by name
        // (as an edited container does), so they are removed by name after the containers.
        java.util.Set<String> anonymous = new java.util.HashSet<>();
        for (Container c : containers) {
            if (c.getMounts() != null) {
                c.getMounts().stream().map(com.github.dockerjava.api.model.ContainerMount::getName)
                        .filter(n -> n != null && n.matches("[0-9a-f]{64}")).forEach(anonymous::add);
            }
        }
        for (Container c : containers) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException gone) {
                // Already removed by the test.
            }
        }
        for (String volume : anonymous) {
            try {
                docker.removeVolumeCmd(volume).exec();
            } catch (NotFoundException | com.github.dockerjava.api.exception.ConflictException goneOrShared) {
                // Removed with its container, or still used by something that is not ours.
            }
        }
        docker.listNetworksCmd().withFilter("label", List.of(LABEL + "=" + id)).exec()
                .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
        var volumes = docker.listVolumesCmd().withFilter("label", List.of(LABEL + "=" + id)).exec().getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> {
                try {
                    docker.removeVolumeCmd(v.getName()).exec();
                } catch (NotFoundException gone) {
                    // Already removed by the test.
                }
            });
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
