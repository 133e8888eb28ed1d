package io.bollard.plugins.containers.edit;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.docker.ImageReferences;
import io.bollard.plugin.docker.StackTurns;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugins.containers.ContainersPlugin;
import io.bollard.plugins.containers.query.ContainerViews;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Applies a {@link ContainerEditRequest} by recreating the container, and undoes every step taken when a later one
 * fails, so that a failed edit leaves the old container as it was (name, state, data).
 *
 * <p>The steps: park the old container under a temporary name, stop it if it runs, create the new one under the
 * wanted name with the old settings plus the edits (anonymous volumes re-attached, so their data stays), attach its
 * networks, start it if the old one ran, and finally remove the old one.
 */
@Singleton
@RequiresPlugin(ContainersPlugin.ID)
public class ContainerRecreator {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerRecreator.class);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    private static final Pattern VOLUME_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]+");
    private static final Set<String> NON_NETWORK_MODES = Set.of("host", "none");
    /** The names Docker gives the volumes it makes on its own. */
    private static final Pattern GENERATED_VOLUME_NAME = Pattern.compile("[0-9a-f]{64}");
    /** What a container's name gets while an edit replaces it. */
    private static final String PARKED = "-bollard-replaced-";
    /** The labels Docker Compose marks its containers with. */
    private static final String COMPOSE_LABELS = "com.docker.compose.";
    /** Docker's smallest memory limit. */
    private static final long MIN_MEMORY = 6L * 1024 * 1024;
    /** What an edit is called in the answer to a change that meets it. */
    private static final String EDIT = "an edit";

    private final DockerClient docker;
    private final VisibleContainers containers;
    private final StackTurns stackTurns;
    /** Ids and names of the containers being edited, started, stopped or removed now, each with what runs. */
    private final Map<String, String> editing = new ConcurrentHashMap<>();

    /**
     * @param docker     the Docker client
     * @param containers the visible containers
     * @param stackTurns one change of a Compose stack at a time: an edit of its container is one
     */
    public ContainerRecreator(DockerClient docker, VisibleContainers containers, StackTurns stackTurns) {
        this.docker = docker;
        this.containers = containers;
        this.stackTurns = stackTurns;
    }

    /**
     * Edits a container.
     *
     * @param reference full id, id prefix or name
     * @param edit      what to change
     * @return the new container
     */
    public ContainerEditResult edit(String reference, ContainerEditRequest edit) {
        if (edit == null || edit.isEmpty()) {
            throw ApiException.badRequest("the request changes nothing: give at least one of name, image, env, "
                    + "labels, restart_policy, memory_limit, cpu_limit, ports, volumes, cmd");
        }
        // One edit of a container at a time, however it is named: a second one would find it parked, or its
        // half-made replacement, and take that for the container (two copies running on the same volumes).
        List<String> held = new ArrayList<>();
        String stack = null;
        try {
            hold(held, reference, reference);
            InspectContainerResponse old = containers.inspect(reference);
            String name = ContainerViews.stripSlash(old.getName());
            // A parked container of an edit now running is held by its id below; one an edit left parked (its
            // undo failed) can be edited, and so named back.
            if (old.getHostConfig() != null && Boolean.TRUE.equals(old.getHostConfig().getAutoRemove())) {
                throw ApiException.conflict("container " + reference + " was started with --rm: Docker removes it "
                        + "when it stops, so an edit could not put it back if the new one failed; recreate it "
                        + "instead");
            }
            // A container of a Compose stack: a deploy of the stack would recreate it beside this edit.
            String project = old.getConfig() == null || old.getConfig().getLabels() == null ? null
                    : old.getConfig().getLabels().get(VisibleContainers.COMPOSE_PROJECT_LABEL);
            if (project != null) {
                if (!stackTurns.take(project, "an edit of its container " + name)) {
                    throw ApiException.conflict("container " + reference + " belongs to stack " + project
                            + ", which is busy (" + stackTurns.describeHolder(project) + " is running); try again when that ends");
                }
                stack = project;
            }
            hold(held, old.getId(), reference);
            hold(held, name, reference);
            Desired desired = desired(old, edit);
            hold(held, desired.name, reference); // a rename: the new name is the container's too while it runs
            if (!containers.filter().matches(desired.name, desired.labels)) {
                throw ApiException.badRequest("the edited container would not match this agent's filter ("
                        + containers.filter() + "), so the agent could no longer see it; keep its labels and name");
            }
            if (!desired.name.equals(name) && nameTaken(desired.name)) {
                // Found before the container is stopped; Docker's own refusal at create stays for a race.
                throw ApiException.conflict("Conflict. The container name \"/" + desired.name
                        + "\" is already in use by another container. You have to remove (or rename) that "
                        + "container to be able to reuse that name.");
            }
            return recreate(old, desired);
        } finally {
            held.forEach(editing::remove);
            if (stack != null) {
                stackTurns.release(stack);
            }
        }
    }

    /** Whether a container, visible or not, has this exact name. */
    private boolean nameTaken(String name) {
        try {
            // Docker's name filter matches parts of names: the exact name is picked from what it finds.
            return docker.listContainersCmd().withShowAll(true).withNameFilter(List.of(name)).exec().stream()
                    .anyMatch(c -> c.getNames() != null && Arrays.asList(c.getNames()).contains("/" + name));
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    private void hold(List<String> held, String key, String reference) {
        hold(held, key, reference, EDIT);
    }

    private void hold(List<String> held, String key, String reference, String activity) {
        if (!held.contains(key)) {
            String running = editing.putIfAbsent(key, activity);
            if (running != null) {
                throw busy(reference, running);
            }
            held.add(key);
        }
    }

    private static ApiException busy(String reference, String running) {
        return ApiException.conflict(running.equals(EDIT)
                ? "container " + reference + " is being edited; try again when that edit ends"
                : "container " + reference + " is busy (" + running + " of it is running); try again when it ends");
    }

    /**
     * Runs a start, stop, restart or remove of a container unless an edit of it runs, which is then 409: an edit
     * stops the container and makes another in its place, so a stop or a remove meanwhile would be undone when the
     * edit ends (a removed container came back). An edit asked for meanwhile is 409 as well.
     *
     * @param reference full id, id prefix or name
     * @param activity  what the change is, as the answer to a change that meets it names it ("a stop")
     * @param change    the change, given the container
     * @param <T>       its result
     * @return its result
     * @throws ApiException 404 when there is no such container, 409 when an edit of it runs
     */
    public <T> T unlessEdited(String reference, String activity, Function<InspectContainerResponse, T> change) {
        List<String> held = new ArrayList<>();
        try {
            InspectContainerResponse container = containers.inspect(reference);
            hold(held, container.getId(), reference, activity);
            hold(held, ContainerViews.stripSlash(container.getName()), reference, activity);
            return change.apply(container);
        } finally {
            held.forEach(editing::remove);
        }
    }

    private ContainerEditResult recreate(InspectContainerResponse old, Desired desired) {
        String oldId = old.getId();
        String oldName = ContainerViews.stripSlash(old.getName());
        boolean wasRunning = Boolean.TRUE.equals(old.getState().getRunning());
        // Docker counts a paused container as running; the new one (or the old one put back) is paused again.
        boolean wasPaused = Boolean.TRUE.equals(old.getState().getPaused());
        String parked = truncate(oldName, 40) + PARKED + UUID.randomUUID().toString().substring(0, 8);
        Deque<Runnable> undo = new ArrayDeque<>();
        String newId = null;
        try {
            // Stopped first and parked after: the name is free only for the moment until the new container is
            // made (a stop takes up to its timeout, time enough for another caller to take the name), and a
            // container restarting in a loop is renamed at rest (Docker fails renaming it between restarts).
            if (wasRunning) {
                docker.stopContainerCmd(oldId).exec();
                undo.push(() -> {
                    startQuietly(oldId);
                    if (wasPaused) {
                        docker.pauseContainerCmd(oldId).exec();
                    }
                });
            }
            docker.renameContainerCmd(oldId).withName(parked).exec();
            undo.push(() -> docker.renameContainerCmd(oldId).withName(oldName).exec());
            newId = create(old, desired);
            String createdId = newId;
            undo.push(() -> docker.removeContainerCmd(createdId).withForce(true).withRemoveVolumes(false).exec());
            connectOtherNetworks(old, createdId);
            if (wasRunning) {
                docker.startContainerCmd(createdId).exec();
                if (wasPaused) {
                    docker.pauseContainerCmd(createdId).exec();
                }
            }
        } catch (RuntimeException failure) {
            ApiException cause = DockerErrors.map(failure);
            List<String> undoFailures = rollBack(undo);
            if (!undoFailures.isEmpty()) {
                throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "edit_rollback_failed",
                        "The edit failed (" + cause.getMessage() + ") and the previous container could not be "
                                + "fully restored (" + String.join("; ", undoFailures) + "); it is container "
                                + oldId + ", possibly named " + parked);
            }
            throw new ApiException(cause.status(), cause.code(),
                    cause.getMessage() + " (the edit was undone: the container is as it was)");
        }
        try {
            docker.removeContainerCmd(oldId).withForce(true).withRemoveVolumes(false).exec();
        } catch (RuntimeException e) {
            // The new container runs; the stopped old one is kept rather than lost, under its parked name.
            LOG.warn("Edited container {} replaced {}, which could not be removed and is kept as {}: {}",
                    desired.name, oldId, parked, e.getMessage());
        }
        String state = containers.inspect(newId).getState().getStatus();
        return new ContainerEditResult(newId, desired.name, oldId, state, List.copyOf(desired.warnings));
    }

    private static List<String> rollBack(Deque<Runnable> undo) {
        List<String> failures = new ArrayList<>();
        while (!undo.isEmpty()) {
            try {
                undo.pop().run();
            } catch (RuntimeException e) {
                failures.add(DockerErrors.map(e).getMessage());
            }
        }
        return failures;
    }

    private void startQuietly(String id) {
        try {
            docker.startContainerCmd(id).exec();
        } catch (NotModifiedException alreadyRunning) {
            // Nothing to undo.
        }
    }

    /**
     * Makes the new container. A kept image is named as before only while the name still means it: a pull that
     * moves the tag, or a removal of it, during the old container's stop must change nothing, so the container is
     * then made again from the image's id.
     */
    private String create(InspectContainerResponse old, Desired d) {
        boolean byName = d.keptImageId != null && !d.image.equals(d.keptImageId);
        String id;
        try {
            id = createCommand(old, d, d.image).exec().getId();
        } catch (NotFoundException e) {
            if (!byName) {
                throw e;
            }
            return createCommand(old, d, d.keptImageId).exec().getId();
        }
        if (byName) {
            try {
                if (!d.keptImageId.equals(docker.inspectContainerCmd(id).exec().getImageId())) {
                    // Volumes stay: those it mounts are the old container's, by name.
                    docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec();
                    id = null;
                    id = createCommand(old, d, d.keptImageId).exec().getId();
                }
            } catch (RuntimeException e) {
                // Not yet on the undo list: removed here, or the undo could not give the old one its name back.
                if (id != null) {
                    try {
                        docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(false).exec();
                    } catch (RuntimeException alsoFailed) {
                        e.addSuppressed(alsoFailed);
                    }
                }
                throw e;
            }
        }
        return id;
    }

    private CreateContainerCmd createCommand(InspectContainerResponse old, Desired d, String image) {
        ContainerConfig c = old.getConfig();
        CreateContainerCmd cmd = docker.createContainerCmd(image)
                .withName(d.name)
                .withHostConfig(d.hostConfig)
                .withEnv(d.env)
                .withLabels(d.labels)
                .withTty(c.getTty())
                .withStdinOpen(c.getStdinOpen())
                .withStdInOnce(c.getStdInOnce())
                .withAttachStdin(c.getAttachStdin())
                .withAttachStdout(c.getAttachStdout())
                .withAttachStderr(c.getAttachStderr())
                .withDomainName(c.getDomainName())
                .withHealthcheck(d.healthcheck);
        if (d.cmd != null) {
            cmd.withCmd(d.cmd);
        }
        if (d.entrypoint != null) {
            cmd.withEntrypoint(d.entrypoint);
        }
        if (d.workingDir != null) {
            cmd.withWorkingDir(d.workingDir);
        }
        if (d.user != null) {
            cmd.withUser(d.user);
        }
        if (d.stopSignal != null) {
            cmd.withStopSignal(d.stopSignal);
        }
        if (d.stopTimeout != null) {
            cmd.withStopTimeout(d.stopTimeout);
        }
        if (!d.exposedPorts.isEmpty()) {
            cmd.withExposedPorts(d.exposedPorts);
        }
        if (!d.volumes.isEmpty()) {
            cmd.withVolumes(d.volumes);
        }
        String hostname = c.getHostName();
        if (hostname != null && !old.getId().startsWith(hostname)) {
            cmd.withHostName(hostname);
        }
        String primary = primaryNetwork(d.hostConfig);
        ContainerNetwork primaryEndpoint = primary == null || old.getNetworkSettings() == null
                ? null : old.getNetworkSettings().getNetworks().get(primary);
        if (primaryEndpoint != null) {
            List<String> aliases = userAliases(old, primaryEndpoint);
            if (!aliases.isEmpty()) {
                cmd.withAliases(aliases);
            }
            // A fixed address (--ip) on the first network is kept, as on the others (the old one, stopped, has
            // given it up).
            ContainerNetwork.Ipam ipam = primaryEndpoint.getIpamConfig();
            if (ipam != null && ipam.getIpv4Address() != null && !ipam.getIpv4Address().isEmpty()) {
                cmd.withIpv4Address(ipam.getIpv4Address());
            }
            if (ipam != null && ipam.getIpv6Address() != null && !ipam.getIpv6Address().isEmpty()) {
                cmd.withIpv6Address(ipam.getIpv6Address());
            }
        }
        return cmd;
    }

    private void connectOtherNetworks(InspectContainerResponse old, String newId) {
        if (old.getNetworkSettings() == null || old.getNetworkSettings().getNetworks() == null) {
            return;
        }
        String primary = primaryNetwork(old.getHostConfig());
        if (primary == null) {
            return;
        }
        old.getNetworkSettings().getNetworks().forEach((network, endpoint) -> {
            if (!network.equals(primary)) {
                ContainerNetwork attach = new ContainerNetwork().withAliases(userAliases(old, endpoint));
                if (endpoint.getIpamConfig() != null) {
                    attach.withIpamConfig(endpoint.getIpamConfig());
                }
                docker.connectToNetworkCmd().withNetworkId(network).withContainerId(newId)
                        .withContainerNetwork(attach).exec();
            }
        });
    }

    /** The network the container is created on; null for host, none and container: modes. */
    private static String primaryNetwork(HostConfig host) {
        String mode = host == null ? null : host.getNetworkMode();
        if (mode == null || mode.isEmpty() || "default".equals(mode)) {
            return "bridge";
        }
        if (NON_NETWORK_MODES.contains(mode) || mode.startsWith("container:")) {
            return null;
        }
        return mode;
    }

    /** Aliases the user gave; Docker adds the short id itself, which must not follow to the new container. */
    private static List<String> userAliases(InspectContainerResponse old, ContainerNetwork endpoint) {
        if (endpoint.getAliases() == null) {
            return List.of();
        }
        return endpoint.getAliases().stream().filter(a -> !old.getId().startsWith(a)).toList();
    }

    private Desired desired(InspectContainerResponse old, ContainerEditRequest edit) {
        ContainerConfig c = old.getConfig();
        Desired d = new Desired();
        d.name = edit.name() != null ? checkName(edit.name()) : ContainerViews.stripSlash(old.getName());
        boolean newImage = false;
        if (edit.image() != null) {
            d.image = imageReference(nonBlank("image", edit.image()));
            // The same name counts as a new image when it now names another one (a pull moved the tag): that is
            // how an upgrade is asked for, and the old image's defaults must not stick to the new one.
            newImage = !Objects.equals(imageOnHost(d.image).getId(), old.getImageId());
        } else {
            d.image = keptImage(c.getImage(), old.getImageId());
            d.keptImageId = old.getImageId();
        }
        ImageDefaults inherited = ImageDefaults.NONE;
        if (newImage) {
            InspectImageResponse oldImage = inspectImage(old.getImageId());
            if (oldImage == null) {
                d.warnings.add("the image the container ran (" + old.getImageId() + ") is no longer on the host, so "
                        + "its defaults could not be told from the container's own settings: its environment, "
                        + "command, entrypoint, labels, health check and exposed ports were all kept over the new "
                        + "image's; name the ones to change in the edit");
            }
            inherited = ImageDefaults.of(oldImage);
        }
        d.env = edit.env() != null ? checkEnv(edit.env()) : inherited.ownEnv(c.getEnv());
        d.labels = edit.labels() != null ? composeLabelsKept(c.getLabels(), edit.labels())
                : inherited.ownLabels(c.getLabels());
        d.cmd = edit.cmd() != null ? edit.cmd() : inherited.own(c.getCmd(), inherited.cmd);
        d.entrypoint = inherited.own(c.getEntrypoint(), inherited.entrypoint);
        d.workingDir = Objects.equals(c.getWorkingDir(), inherited.workingDir) ? null : emptyToNull(c.getWorkingDir());
        d.user = Objects.equals(c.getUser(), inherited.user) ? null : emptyToNull(c.getUser());
        // docker run's --stop-signal and --stop-timeout: fields docker-java does not model, kept as raw values.
        d.stopSignal = inherited.ownStopSignal(ImageDefaults.stopSignal(c));
        d.stopTimeout = c.getRawValues().get("StopTimeout") instanceof Number n ? n.intValue() : null;
        d.healthcheck = inherited.ownHealthcheck(c.getHealthcheck());
        HostConfig published = old.getHostConfig();
        d.exposedPorts = inherited.ownExposedPorts(c.getExposedPorts(), published == null
                || published.getPortBindings() == null ? Set.of() : published.getPortBindings().getBindings().keySet());
        d.volumes = new ArrayList<>();
        if (c.getVolumes() != null) {
            c.getVolumes().keySet().forEach(path -> d.volumes.add(new Volume(path)));
        }
        HostConfig host = old.getHostConfig() == null ? new HostConfig() : old.getHostConfig();
        if (edit.restartPolicy() != null) {
            host.withRestartPolicy(parseRestartPolicy(edit.restartPolicy()));
        }
        if (edit.memoryLimit() != null) {
            if (edit.memoryLimit() < 0 || edit.memoryLimit() > 0 && edit.memoryLimit() < MIN_MEMORY) {
                throw ApiException.badRequest("memory_limit must be 0 (no limit) or a number of bytes, at least "
                        + MIN_MEMORY + " (6 MiB, Docker's smallest)");
            }
            host.withMemory(edit.memoryLimit());
            if (edit.memoryLimit() == 0 || host.getMemorySwap() != null && host.getMemorySwap() > 0
                    && host.getMemorySwap() < edit.memoryLimit()) {
                host.withMemorySwap(edit.memoryLimit() == 0 ? 0L : -1L);
            }
        }
        if (edit.cpuLimit() != null) {
            if (edit.cpuLimit() < 0 || edit.cpuLimit().isNaN() || edit.cpuLimit() > 0 && edit.cpuLimit() < 0.01) {
                throw ApiException.badRequest("cpu_limit must be 0 (no limit) or a number of CPUs such as 1.5, at "
                        + "least 0.01");
            }
            host.withNanoCPUs(Math.round(edit.cpuLimit() * 1_000_000_000L));
        }
        if (edit.ports() != null) {
            Ports bindings = new Ports();
            for (String spec : edit.ports()) {
                PortBinding binding = parsePort(spec);
                bindings.add(binding);
                if (!d.exposedPorts.contains(binding.getExposedPort())) {
                    d.exposedPorts.add(binding.getExposedPort());
                }
            }
            host.withPortBindings(bindings);
        }
        if (edit.volumes() != null) {
            List<Bind> binds = new ArrayList<>();
            for (String spec : edit.volumes()) {
                binds.add(parseBind(spec));
            }
            bindsVisible(old, binds);
            host.withBinds(binds);
            host.withMounts(List.of());
        }
        keepAnonymousVolumes(old, host);
        d.hostConfig = host;
        return d;
    }

    /** Refuses what cannot be an image reference before anything changes (Docker's client throws for it later). */
    private static String imageReference(String image) {
        if (!ImageReferences.isReference(image)) {
            throw ApiException.badRequest("image: '" + image + "' is not an image reference such as "
                    + "registry:5000/team/app:1.2");
        }
        return image;
    }

    /**
     * With a label filter, an edit may mount only what the filter shows: a named volume whose labels match or that
     * a visible container uses (as the files routes see volumes), and no host folder inside Docker's own data folder
     * (where every volume lies). Otherwise the edited container would read a hidden volume's data.
     */
    private void bindsVisible(InspectContainerResponse old, List<Bind> binds) {
        if (containers.filter().isEmpty()) {
            return;
        }
        Map<String, List<InspectContainerResponse.Mount>> mountedBefore = new HashMap<>();
        if (old.getMounts() != null) {
            old.getMounts().stream().filter(m -> m.getName() == null && m.getSource() != null)
                    .forEach(m -> mountedBefore.computeIfAbsent(m.getSource(), k -> new ArrayList<>()).add(m));
        }
        for (Bind b : binds) {
            String source = b.getPath();
            if (source.startsWith("/")) {
                // A host folder can hold anything, hidden volumes (under Docker's data folder, a parent of it, a
                // link to it) included: with a filter, only the folders the container mounts already.
                List<InspectContainerResponse.Mount> before = mountedBefore.get(source);
                if (before == null) {
                    throw ApiException.badRequest("volumes: with a label filter, an edit cannot mount a new host "
                            + "folder (" + source + "); named volumes and the folders it mounts already only");
                }
                keepsOrNarrows(b, before);
                continue;
            }
            Map<String, String> labels;
            try {
                labels = docker.inspectVolumeCmd(source).exec().getLabels();
            } catch (NotFoundException e) {
                // Docker would make it without the filter's labels: no one could see or remove it then.
                throw ApiException.notFound("No such volume: " + source + " (with a label filter, an edit mounts "
                        + "only volumes that exist)");
            } catch (RuntimeException e) {
                throw DockerErrors.map(e);
            }
            if (!containers.filter().matchesLabels(labels)
                    && containers.list(true, Map.of("volume", List.of(source))).isEmpty()) {
                throw ApiException.notFound("No such volume: " + source);
            }
        }
    }

    /**
     * Refuses a host folder mounted again with more than it had: writable where every mount of it was read-only
     * (an operator's {@code :ro} bind of {@code /} would become the whole host, writable), or with an SELinux
     * relabel or a mount propagation none of its mounts had.
     */
    private static void keepsOrNarrows(Bind bind, List<InspectContainerResponse.Mount> before) {
        String source = bind.getPath();
        if (bind.getAccessMode() != AccessMode.ro && before.stream().noneMatch(m -> Boolean.TRUE.equals(m.getRW()))) {
            throw ApiException.badRequest("volumes: with a label filter, " + source + " stays read-only, as the "
                    + "container mounts it now (add :ro)");
        }
        Set<String> modes = new HashSet<>();
        before.forEach(m -> modes.addAll(Arrays.asList((m.getMode() == null ? "" : m.getMode()).split(","))));
        for (String option : List.of(bind.getSecMode().toString(), bind.getPropagationMode().toString())) {
            if (!option.isEmpty() && !modes.contains(option)) {
                throw ApiException.badRequest("volumes: with a label filter, " + source + " cannot be mounted with "
                        + option + ", which the container's mount of it does not have");
            }
        }
    }

    /** Volumes Docker made on its own (image VOLUME, -v /path) are re-attached by name, so their data stays. */
    private static void keepAnonymousVolumes(InspectContainerResponse old, HostConfig host) {
        if (old.getMounts() == null) {
            return;
        }
        Set<String> covered = new HashSet<>();
        List<Bind> binds = new ArrayList<>(host.getBinds() == null ? List.of() : Arrays.asList(host.getBinds()));
        binds.forEach(b -> covered.add(b.getVolume().getPath()));
        if (host.getMounts() != null) {
            host.getMounts().stream().map(Mount::getTarget).forEach(covered::add);
        }
        for (InspectContainerResponse.Mount m : old.getMounts()) {
            String target = m.getDestination() == null ? null : m.getDestination().getPath();
            // Only volumes Docker made and named itself: a named volume is the user's to keep or drop with the
            // edit's own list (volumes: [] drops them all).
            if (m.getName() != null && GENERATED_VOLUME_NAME.matcher(m.getName()).matches() && target != null
                    && !covered.contains(target)) {
                binds.add(new Bind(m.getName(), new Volume(target)));
            }
        }
        host.withBinds(binds);
    }

    /**
     * The image the container runs: by the name it was made from while that name still means that image, else by
     * its id. A tag that a pull moved, or that was removed while the image stayed, must neither change the
     * container's image behind an edit that did not ask for it nor fail the edit after the container stopped.
     */
    private String keptImage(String name, String id) {
        if (name != null && !name.isBlank()) {
            try {
                if (Objects.equals(docker.inspectImageCmd(name).exec().getId(), id)) {
                    return name;
                }
            } catch (NotFoundException e) {
                // The name is gone; the image may still be there by its id.
            } catch (RuntimeException e) {
                throw DockerErrors.map(e);
            }
        }
        try {
            docker.inspectImageCmd(id).exec();
            return id;
        } catch (NotFoundException e) {
            throw ApiException.notFound("the container's image " + (name == null ? id : name) + " (" + id
                    + ") is no longer on the host: give image to choose one (nothing was changed)");
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    /** Refuses an image the host does not have before anything changes (the edit pulls nothing). */
    private InspectImageResponse imageOnHost(String image) {
        try {
            return docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw ApiException.notFound("No such image: " + image + " (pull it first; nothing was changed)");
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    /** The image the container ran, or null when it is gone ({@code docker rmi -f}). */
    private InspectImageResponse inspectImage(String imageId) {
        try {
            return docker.inspectImageCmd(imageId).exec();
        } catch (NotFoundException e) {
            return null;
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    static RestartPolicy parseRestartPolicy(String text) {
        try {
            if (text.contains(":") && !text.trim().matches("on-failure:[0-9]{1,9}")) {
                throw new IllegalArgumentException("only on-failure takes a count, a whole number");
            }
            return RestartPolicy.parse(text.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("restart_policy must be no, always, unless-stopped or on-failure[:N], not '"
                    + text + "'");
        }
    }

    static PortBinding parsePort(String spec) {
        try {
            if (spec == null || !spec.matches("[0-9a-fA-F.:\\[\\]/a-z-]+")) {
                throw new IllegalArgumentException();
            }
            PortBinding binding = PortBinding.parse(spec.trim());
            String host = binding.getBinding().getHostPortSpec();
            if (!isPort(binding.getExposedPort().getPort()) || host != null && !host.isEmpty()
                    && !Arrays.stream(host.split("-", -1)).allMatch(p -> p.matches("[0-9]{1,5}")
                    && isPort(Integer.parseInt(p)))) {
                throw new IllegalArgumentException("port numbers are 1-65535");
            }
            return binding;
        } catch (RuntimeException e) {
            throw ApiException.badRequest("port '" + spec + "' is not [ip:]host_port:container_port[/tcp|udp]");
        }
    }

    private static boolean isPort(int port) {
        return port >= 1 && port <= 65535;
    }

    static Bind parseBind(String spec) {
        try {
            Bind bind = Bind.parse(spec.trim());
            // A source is a host folder or a volume name as Docker takes it.
            if (bind.getPath().isEmpty() || !bind.getVolume().getPath().startsWith("/")
                    || !bind.getPath().startsWith("/") && !VOLUME_NAME.matcher(bind.getPath()).matches()) {
                throw new IllegalArgumentException();
            }
            return bind;
        } catch (RuntimeException e) {
            throw ApiException.badRequest("volume '" + spec + "' is not source:/target[:ro]");
        }
    }

    private static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name '" + name + "' is not a valid container name ([a-zA-Z0-9][a-zA-Z0-9_.-]*)");
        }
        return name;
    }

    /**
     * The labels asked for, with Compose's ({@code com.docker.compose.*}) as the container has them: they say which
     * stack it belongs to, and a container moved into another stack by an edit would make that stack answer for a
     * container its owner may not see (or drop out of its own).
     */
    static Map<String, String> composeLabelsKept(Map<String, String> old, Map<String, String> asked) {
        Map<String, String> labels = new LinkedHashMap<>();
        asked.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null || key.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw ApiException.badRequest("labels: every label needs a name and a value (string)");
            }
            if (key.startsWith(COMPOSE_LABELS) && !value.equals(old == null ? null : old.get(key))) {
                throw ApiException.badRequest("labels: " + key + " belongs to Docker Compose and cannot be changed "
                        + "by an edit (it says which stack the container is part of)");
            }
            labels.put(key, value);
        });
        if (old != null) {
            old.forEach((key, value) -> {
                if (key.startsWith(COMPOSE_LABELS)) {
                    labels.putIfAbsent(key, value);
                }
            });
        }
        return labels;
    }

    private static List<String> checkEnv(List<String> env) {
        for (String e : env) {
            if (e == null || e.isEmpty() || e.startsWith("=") || e.indexOf('\0') >= 0) {
                throw ApiException.badRequest("env entries must be KEY=value, not '" + e + "'");
            }
        }
        return env;
    }

    private static String nonBlank(String key, String value) {
        if (value.isBlank()) {
            throw ApiException.badRequest(key + " must not be empty");
        }
        return value.trim();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** The settings of the container to create. */
    private static final class Desired {
        String name;
        String image;
        /** Without a new image: the id of the one the container runs, which the new one must run too. */
        String keptImageId;
        List<String> env;
        HealthCheck healthcheck;
        Map<String, String> labels;
        List<String> cmd;
        List<String> entrypoint;
        String workingDir;
        String user;
        String stopSignal;
        Integer stopTimeout;
        List<ExposedPort> exposedPorts;
        List<Volume> volumes;
        HostConfig hostConfig;
        /** What the edit could not do as asked, said in its answer. */
        final List<String> warnings = new ArrayList<>();
    }
}
