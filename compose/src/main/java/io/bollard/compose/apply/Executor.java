package io.bollard.compose.apply;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.CreateNetworkCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.PullResponseItem;
import io.bollard.compose.model.Network;
import io.bollard.compose.model.Project;
import io.bollard.compose.model.Service;
import io.bollard.compose.model.Volume;
import io.bollard.compose.plan.ComposeLabels;
import io.bollard.compose.plan.Operation;
import io.bollard.compose.plan.Plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs a plan's steps in order through docker-java and reports each one. It decides nothing: what to do is the
 * plan's. A recreate makes the new container before it removes the old one, so a refused create leaves the running
 * container as it was; anonymous volumes move from the old container to the new one.
 */
public final class Executor {

    private static final Pattern ANONYMOUS_VOLUME = Pattern.compile("[0-9a-f]{64}");

    /** How a step that left its object in place on purpose begins its message; it does not count as done. */
    public static final String KEPT = "kept: ";

    /** The progress status of such a step. */
    public static final String KEPT_STATUS = "kept";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final int MAX_PARALLEL = 8;

    private static final Pattern JSON_MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern CONTAINER_ID = Pattern.compile("by container \"?[0-9a-f]{12,64}\"?");
    /** Docker lists a volume's users by id ({@code volume is in use - [id, id]}). */
    private static final Pattern USERS = Pattern.compile("in use - \\[[0-9a-f, ]*\\]");
    /** A network that conflicts with a new one, named by id, which may be one the agent's filter hides. */
    private static final Pattern NETWORK_HOLDER = Pattern.compile("conflicts with network [0-9a-f]{12,64}");

    /** Network creations by name, striped: Docker's own duplicate check does not hold against concurrent creates. */
    private static final int NETWORK_STRIPES = 64;

    private final DockerClient docker;
    private final Object[] networkCreation = new Object[NETWORK_STRIPES];

    /**
     * @param docker the Docker client
     */
    public Executor(DockerClient docker) {
        this.docker = docker;
        for (int i = 0; i < NETWORK_STRIPES; i++) {
            networkCreation[i] = new Object();
        }
    }

    /**
     * Runs a plan: wave after wave, the chains of a wave at the same time, the steps of a chain in order.
     *
     * @param plan     the plan
     * @param context  the project and labels
     * @param progress receives each step's events (from several threads, one event at a time)
     * @return the steps done, as printed, in plan order
     * @throws ApplyException after the wave in which a step failed has ended, naming the first failed step
     */
    public List<String> run(Plan plan, ApplyContext context, Consumer<ProgressEvent> progress) {
        Consumer<ProgressEvent> events = event -> {
            synchronized (progress) {
                progress.accept(event);
            }
        };
        Run run = new Run(context, events);
        Set<Operation> done = ConcurrentHashMap.newKeySet();
        Map<Integer, Map<String, List<Operation>>> waves = new TreeMap<>();
        for (Operation op : plan.operations()) {
            waves.computeIfAbsent(op.wave(), w -> new LinkedHashMap<>())
                    .computeIfAbsent(op.chain(), c -> new ArrayList<>()).add(op);
        }
        for (Map<String, List<Operation>> chains : waves.values()) {
            List<Failure> failures = new ArrayList<>();
            if (chains.size() == 1) {
                Failure f = chain(run, chains.values().iterator().next(), events, done);
                if (f != null) {
                    failures.add(f);
                }
            } else {
                try (ExecutorService threads = Executors.newFixedThreadPool(Math.min(chains.size(), MAX_PARALLEL),
                        Thread.ofPlatform().name("compose-step-", 0).daemon(true).factory())) {
                    List<Future<Failure>> futures = new ArrayList<>();
                    for (List<Operation> chain : chains.values()) {
                        futures.add(threads.submit(() -> chain(run, chain, events, done)));
                    }
                    try {
                        for (Future<Failure> future : futures) {
                            Failure f = future.get();
                            if (f != null) {
                                failures.add(f);
                            }
                        }
                    } catch (InterruptedException e) {
                        // The agent stops: the parallel steps' waits end too, before the pool's close waits for them.
                        threads.shutdownNow();
                        throw e;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while applying the plan", e);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            if (!failures.isEmpty()) {
                Failure first = failures.stream().min(Comparator.comparingInt(f -> plan.operations().indexOf(f.op)))
                        .orElseThrow();
                throw new ApplyException(first.op, first.message, inPlanOrder(plan, done), first.cause);
            }
        }
        return inPlanOrder(plan, done);
    }

    /** A step that failed. */
    private record Failure(Operation op, String message, RuntimeException cause) {
    }

    private static Failure chain(Run run, List<Operation> chain, Consumer<ProgressEvent> events, Set<Operation> done) {
        for (Operation op : chain) {
            events.accept(ProgressEvent.now(op.toString(), "", "started", op.service()));
            try {
                String message = run.step(op);
                if (message.startsWith(KEPT)) {
                    events.accept(ProgressEvent.now(op.toString(), message, KEPT_STATUS, op.service()));
                    continue;
                }
                events.accept(ProgressEvent.now(op.toString(), message, "done", op.service()));
                done.add(op);
            } catch (RuntimeException e) {
                String message = message(e);
                events.accept(ProgressEvent.now(op.toString(), message, "error", op.service()));
                return new Failure(op, message, e);
            }
        }
        return null;
    }

    private static List<String> inPlanOrder(Plan plan, Set<Operation> done) {
        return plan.operations().stream().filter(done::contains).map(Operation::toString).toList();
    }

    static String message(Throwable e) {
        if (e instanceof DockerException d && d.getMessage() != null) {
            // docker-java wraps the engine's JSON: {"message":"..."}; keep the engine's words, unescaped.
            String m = d.getMessage();
            Matcher json = JSON_MESSAGE.matcher(m);
            String words = json.find() ? json.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : m.strip();
            // A name conflict names the other container's id, which may be one the agent's filter hides.
            String named = NETWORK_HOLDER.matcher(words.strip()).replaceAll("conflicts with another network");
            return USERS.matcher(CONTAINER_ID.matcher(named).replaceAll("by another container"))
                    .replaceAll("in use by other containers");
        }
        if (e instanceof java.util.concurrent.CancellationException
                || e.getCause() instanceof java.util.concurrent.CancellationException) {
            return "the Docker call was cancelled"; // a stopping agent cuts its calls off
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** One run's state: containers made so far, by name. */
    private final class Run {
        private final ApplyContext context;
        private final Project project;
        private final ContainerSpec spec;
        private final Consumer<ProgressEvent> progress;
        private final Map<String, String> created = new ConcurrentHashMap<>();

        Run(ApplyContext context, Consumer<ProgressEvent> progress) {
            this.context = context;
            this.project = context.project();
            this.spec = new ContainerSpec(context);
            this.progress = progress;
        }

        String step(Operation op) {
            return switch (op.kind()) {
                case CREATE_NETWORK -> createNetwork(op.subject());
                case CREATE_VOLUME -> createVolume(op.subject());
                case PULL_IMAGE -> pull(op);
                case STOP_CONTAINER -> stop(op.containerId(), op.service());
                case REMOVE_CONTAINER -> remove(op.containerId(), false);
                case REMOVE_CONTAINER_AND_VOLUMES -> remove(op.containerId(), true);
                case CREATE_CONTAINER -> create(op, op.subject(), Map.of());
                case RECREATE_CONTAINER -> recreate(op);
                case START_CONTAINER -> start(op);
                case WAIT_HEALTHY -> waitFor(op.subject(), true);
                case WAIT_COMPLETED -> waitFor(op.subject(), false);
                case REMOVE_NETWORK -> removeNetwork(op.subject());
                case REMOVE_VOLUME -> removeVolume(op.subject());
            };
        }

        private Map<String, String> objectLabels(String kindLabel, String key, Map<String, String> own) {
            Map<String, String> labels = new TreeMap<>(own);
            labels.putAll(context.extraLabels());
            labels.put(ComposeLabels.PROJECT, project.name());
            labels.put(kindLabel, key);
            labels.put(ComposeLabels.VERSION, ComposeLabels.AGENT_VERSION);
            return labels;
        }

        private String createNetwork(String name) {
            // Two stacks that name one network, deployed at once, both plan to create it; Docker would make two
            // networks of that name, which no container can then join by name. The second one finds the first's.
            synchronized (networkCreation[Math.floorMod(name.hashCode(), NETWORK_STRIPES)]) {
                boolean exists = docker.listNetworksCmd().withNameFilter(name).exec().stream()
                        .anyMatch(n -> name.equals(n.getName()));
                return exists ? "already exists" : newNetwork(name);
            }
        }

        private String newNetwork(String name) {
            Map.Entry<String, Network> entry = project.networks().entrySet().stream()
                    .filter(e -> e.getValue().name().equals(name)).findFirst().orElseThrow();
            Network n = entry.getValue();
            CreateNetworkCmd cmd = docker.createNetworkCmd().withName(name)
                    .withLabels(objectLabels(ComposeLabels.NETWORK, entry.getKey(), n.labels()))
                    .withInternal(n.internal()).withAttachable(n.attachable()).withCheckDuplicate(true);
            if (n.driver() != null) {
                cmd.withDriver(n.driver());
            }
            if (!n.driverOpts().isEmpty()) {
                cmd.withOptions(n.driverOpts());
            }
            if (n.enableIpv6() != null) {
                cmd.withEnableIpv6(n.enableIpv6());
            }
            if (n.ipam() != null) {
                var ipam = new com.github.dockerjava.api.model.Network.Ipam().withDriver(n.ipam().driver());
                List<com.github.dockerjava.api.model.Network.Ipam.Config> configs = new ArrayList<>();
                for (Network.Pool pool : n.ipam().config()) {
                    configs.add(new com.github.dockerjava.api.model.Network.Ipam.Config().withSubnet(pool.subnet())
                            .withIpRange(pool.ipRange()).withGateway(pool.gateway()));
                }
                cmd.withIpam(ipam.withConfig(configs));
            }
            return "created " + shortId(cmd.exec().getId());
        }

        private String createVolume(String name) {
            Map.Entry<String, Volume> entry = project.volumes().entrySet().stream()
                    .filter(e -> e.getValue().name().equals(name)).findFirst().orElseThrow();
            Volume v = entry.getValue();
            var cmd = docker.createVolumeCmd().withName(name)
                    .withLabels(objectLabels(ComposeLabels.VOLUME, entry.getKey(), v.labels()));
            if (v.driver() != null) {
                cmd.withDriver(v.driver());
            }
            if (!v.driverOpts().isEmpty()) {
                cmd.withDriverOpts(v.driverOpts());
            }
            cmd.exec();
            return "created";
        }

        private String pull(Operation op) {
            String image = op.subject();
            int at = image.indexOf('@');
            int colon = image.lastIndexOf(':');
            String repository;
            String tag;
            if (at > 0) {
                repository = image.substring(0, at);
                tag = image.substring(at + 1);
            } else if (colon > image.lastIndexOf('/')) {
                repository = image.substring(0, colon);
                tag = image.substring(colon + 1);
            } else {
                repository = image;
                tag = "latest";
            }
            PullImageCmd cmd = docker.pullImageCmd(repository).withTag(tag);
            AuthConfig auth = context.registryAuths().get(registry(image));
            if (auth != null) {
                cmd.withAuthConfig(auth);
            }
            Set<String> seen = new HashSet<>();
            try {
                cmd.exec(new ResultCallback.Adapter<PullResponseItem>() {
                    @Override
                    public void onNext(PullResponseItem item) {
                        if (item.isErrorIndicated()) {
                            throw new IllegalStateException(item.getErrorDetail() != null
                                    && item.getErrorDetail().getMessage() != null
                                    ? item.getErrorDetail().getMessage() : item.getError());
                        }
                        String line = (item.getId() == null ? "" : item.getId() + ": ") + item.getStatus();
                        // Byte counts change many times a second; report each layer's status changes only.
                        if (item.getStatus() != null && seen.add(line)) {
                            progress.accept(ProgressEvent.now(op.toString(), line, "progress", null));
                        }
                    }
                }).awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while pulling " + image);
            }
            return "pulled " + image;
        }

        /** The service's stop_grace_period; Docker's own 10 s for a container of a service the file lacks. */
        private int graceSeconds(String service) {
            Service s = service == null ? null : project.services().get(service);
            return s == null || s.stopGracePeriod() == null ? 10
                    : (int) Math.max(0, s.stopGracePeriod() / 1_000_000_000L);
        }

        private String stop(String id, String service) {
            try {
                docker.stopContainerCmd(id).withTimeout(graceSeconds(service)).exec();
            } catch (NotModifiedException e) {
                return "already stopped";
            }
            return "stopped";
        }

        private String remove(String id, boolean anonymousVolumes) {
            try {
                List<String> carried = anonymousVolumes ? carriedVolumes(id) : List.of();
                // Without them, as Compose does: an image's VOLUME (a database's data) outlives the container.
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(anonymousVolumes).exec();
                carried.forEach(this::removeCarriedVolume);
            } catch (NotFoundException e) {
                return "already gone";
            }
            return "removed";
        }

        /**
         * Volumes with Docker's generated names that the container mounts: a recreate carries the old container's
         * anonymous volumes over by name, after which Docker counts them as named and would leave them behind.
         */
        private List<String> carriedVolumes(String id) {
            InspectContainerResponse container = docker.inspectContainerCmd(id).exec();
            List<String> names = new ArrayList<>();
            if (container.getMounts() != null) {
                for (var m : container.getMounts()) {
                    if (m.getName() != null && ANONYMOUS_VOLUME.matcher(m.getName()).matches()) {
                        names.add(m.getName());
                    }
                }
            }
            return names;
        }

        private void removeCarriedVolume(String name) {
            try {
                docker.removeVolumeCmd(name).exec();
            } catch (NotFoundException | ConflictException gone) {
                // Removed with the container (it was still anonymous), or another container uses it: Docker keeps it.
            }
        }

        private String create(Operation op, String name, Map<String, String> anonymousVolumes) {
            Service s = project.services().get(op.service());
            String networkMode;
            List<String> networks = ContainerSpec.networkOrder(s);
            if (s.networkMode() != null && s.networkMode().startsWith("service:")) {
                networkMode = "container:" + containerOf(s.networkMode().substring(8));
            } else if (s.networkMode() != null) {
                networkMode = spec.joined(s.networkMode());
            } else {
                networkMode = project.networks().get(networks.getFirst()).name();
            }
            CreateContainerCmd cmd = docker.createContainerCmd(s.image()).withName(name);
            spec.fill(cmd, s, op.number(), networkMode);
            if (!anonymousVolumes.isEmpty()) {
                List<com.github.dockerjava.api.model.Mount> mounts = cmd.getHostConfig().getMounts();
                mounts.replaceAll(m -> m.getSource() == null && anonymousVolumes.containsKey(m.getTarget())
                        ? m.withSource(anonymousVolumes.get(m.getTarget())) : m);
                // Volumes the image declares (postgres's data folder, say) are in no file: carry them over too.
                Set<String> targets = new HashSet<>();
                mounts.forEach(m -> targets.add(m.getTarget()));
                if (cmd.getHostConfig().getBinds() != null) {
                    for (var bind : cmd.getHostConfig().getBinds()) {
                        targets.add(bind.getVolume().getPath());
                    }
                }
                anonymousVolumes.forEach((target, volume) -> {
                    if (!targets.contains(target)) {
                        mounts.add(new com.github.dockerjava.api.model.Mount()
                                .withType(com.github.dockerjava.api.model.MountType.VOLUME)
                                .withSource(volume).withTarget(target));
                    }
                });
            }
            if (s.networkMode() == null) {
                Service.Attachment first = s.networks().get(networks.getFirst());
                cmd.withAliases(ContainerSpec.aliases(s, networks.getFirst()));
                if (first != null && first.ipv4Address() != null) {
                    cmd.withIpv4Address(first.ipv4Address());
                }
            }
            String id = cmd.exec().getId();
            try {
                for (String key : networks.subList(s.networkMode() == null ? 1 : networks.size(), networks.size())) {
                    Service.Attachment a = s.networks().get(key);
                    ContainerNetwork endpoint = new ContainerNetwork().withAliases(ContainerSpec.aliases(s, key));
                    if (a != null && a.ipv4Address() != null) {
                        endpoint.withIpamConfig(new ContainerNetwork.Ipam().withIpv4Address(a.ipv4Address()));
                    }
                    docker.connectToNetworkCmd().withContainerId(id).withNetworkId(project.networks().get(key).name())
                            .withContainerNetwork(endpoint).exec();
                }
            } catch (RuntimeException e) {
                docker.removeContainerCmd(id).withForce(true).exec();
                throw e;
            }
            created.put(name, id);
            return "created " + shortId(id);
        }

        private String recreate(Operation op) {
            InspectContainerResponse old = docker.inspectContainerCmd(op.containerId()).exec();
            Map<String, String> anonymous = new HashMap<>();
            if (old.getMounts() != null) {
                for (var m : old.getMounts()) {
                    if (m.getName() != null && ANONYMOUS_VOLUME.matcher(m.getName()).matches()
                            && m.getDestination() != null) {
                        anonymous.put(m.getDestination().getPath(), m.getName());
                    }
                }
            }
            String temporary = shortId(op.containerId()) + "_" + op.subject();
            create(op, temporary, anonymous);
            String id = created.remove(temporary);
            try {
                stop(op.containerId(), op.service());
                docker.removeContainerCmd(op.containerId()).withForce(true).exec(); // its volumes moved on
                docker.renameContainerCmd(id).withName(op.subject()).exec();
            } catch (RuntimeException e) {
                // The old container may be gone: say where the new one is rather than hide it.
                throw new IllegalStateException(message(e) + " (the new container is " + temporary + ")");
            }
            created.put(op.subject(), id);
            return "recreated as " + shortId(id);
        }

        private String start(Operation op) {
            String id = op.containerId() != null ? op.containerId() : created.get(op.subject());
            try {
                docker.startContainerCmd(id != null ? id : op.subject()).exec();
            } catch (NotModifiedException e) {
                return "already running";
            }
            return "started";
        }

        private String waitFor(String container, boolean healthy) {
            long deadline = System.nanoTime() + context.waitLimit().toNanos();
            while (true) {
                InspectContainerResponse.ContainerState state = docker.inspectContainerCmd(container).exec().getState();
                String status = state.getStatus();
                if (healthy) {
                    if (state.getHealth() == null) {
                        throw new ConditionFailedException("container " + container
                                + " has no healthcheck to wait for");
                    }
                    String health = state.getHealth().getStatus();
                    if ("healthy".equals(health)) {
                        return "healthy";
                    }
                    if ("unhealthy".equals(health)) {
                        throw new ConditionFailedException("container " + container + " is unhealthy");
                    }
                    if ("exited".equals(status) || "dead".equals(status)) {
                        throw new ConditionFailedException("container " + container + " exited with code "
                                + state.getExitCodeLong());
                    }
                } else if ("exited".equals(status) || "dead".equals(status)) {
                    Long code = state.getExitCodeLong();
                    if (code != null && code == 0) {
                        return "completed";
                    }
                    throw new ConditionFailedException("container " + container + " exited with code " + code);
                }
                if (System.nanoTime() > deadline) {
                    throw new ConditionFailedException("gave up after " + context.waitLimit().toSeconds()
                            + " s waiting for " + container + " to be " + (healthy ? "healthy" : "completed"));
                }
                try {
                    Thread.sleep(POLL);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + container);
                }
            }
        }

        // A network or volume that containers outside the stack still use (one several stacks share by name) stays,
        // as docker compose down leaves it, instead of failing the rest of the removal.
        private String removeNetwork(String name) {
            try {
                docker.removeNetworkCmd(name).exec();
            } catch (NotFoundException e) {
                return "already gone";
            } catch (DockerException e) {
                if (e.getMessage() != null && e.getMessage().contains("active endpoints")) {
                    return KEPT + "network " + name + ", which other containers still use";
                }
                throw e;
            }
            return "removed";
        }

        private String removeVolume(String name) {
            try {
                docker.removeVolumeCmd(name).exec();
            } catch (NotFoundException e) {
                return "already gone";
            } catch (ConflictException e) {
                return KEPT + "volume " + name + ", which other containers still use";
            }
            return "removed";
        }

        private String containerOf(String service) {
            String name = ComposeLabels.containerName(project.name(), service, 1);
            Service s = project.services().get(service);
            if (s != null && s.containerName() != null) {
                name = s.containerName();
            }
            return created.getOrDefault(name, name);
        }
    }

    /**
     * The registry an image comes from, the key of {@link ApplyContext#registryAuths()}.
     *
     * @param image an image reference
     * @return its registry host, {@code docker.io} for Docker Hub
     */
    public static String registry(String image) {
        int slash = image.indexOf('/');
        if (slash < 0) {
            return "docker.io";
        }
        String first = image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
