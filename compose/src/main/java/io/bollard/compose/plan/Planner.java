package io.bollard.compose.plan;

import io.bollard.compose.ComposeException;
import io.bollard.compose.model.Network;
import io.bollard.compose.model.Project;
import io.bollard.compose.model.Service;
import io.bollard.compose.model.Volume;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares a project with what the engine has and lists the steps that bring the engine there: networks and volumes
 * first, then images, then orphans, then each service in dependency order, waiting for the conditions its
 * dependents ask for. A container whose config hash and image are current is left running.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * Plans a deploy.
     *
     * @param project  the desired project
     * @param observed what the engine has
     * @param options  orphan and pull choices
     * @return the plan
     * @throws ComposeException when an external network or volume is missing, or an image that must not be pulled
     */
    public static Plan plan(Project project, ObservedState observed, PlanOptions options) {
        List<Operation> ops = new ArrayList<>();
        for (Map.Entry<String, Network> e : project.networks().entrySet()) {
            if (!observed.networks().contains(e.getValue().name())) {
                if (e.getValue().external()) {
                    throw new ComposeException("networks." + e.getKey() + ": external network " + e.getValue().name()
                            + " does not exist");
                }
                ops.add(new Operation(Operation.Kind.CREATE_NETWORK, e.getValue().name(), null, 0, null, 0,
                        "network " + e.getValue().name()));
            }
        }
        for (Map.Entry<String, Volume> e : project.volumes().entrySet()) {
            if (!observed.volumes().contains(e.getValue().name())) {
                if (e.getValue().external()) {
                    throw new ComposeException("volumes." + e.getKey() + ": external volume " + e.getValue().name()
                            + " does not exist");
                }
                ops.add(new Operation(Operation.Kind.CREATE_VOLUME, e.getValue().name(), null, 0, null, 0,
                        "volume " + e.getValue().name()));
            }
        }
        Set<String> pulled = new TreeSet<>();
        for (Service s : project.services().values()) {
            String policy = s.pullPolicy() == null ? "missing" : s.pullPolicy();
            boolean present = observed.images().containsKey(s.image());
            if (policy.equals("always") || options.pull() && !policy.equals("never")
                    || !present && !policy.equals("never")) {
                pulled.add(s.image());
            } else if (!present) {
                throw new ComposeException("services." + s.name() + ".pull_policy: image " + s.image()
                        + " is not on the engine and the pull policy is never");
            }
        }
        pulled.forEach(image -> ops.add(new Operation(Operation.Kind.PULL_IMAGE, image, null, 0, null, 0, "image " + image)));

        Map<String, List<ObservedContainer>> byService = new TreeMap<>();
        for (ObservedContainer c : observed.containers()) {
            byService.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c);
        }
        List<String> orphans = new ArrayList<>();
        byService.forEach((service, containers) -> {
            // As Compose (since 2.23.2): a service a profile switched off is still defined, so its containers stay.
            if (!project.services().containsKey(service) && !project.disabled().contains(service)) {
                for (ObservedContainer c : sorted(containers)) {
                    if (options.removeOrphans()) {
                        remove(ops, c, 1);
                    } else {
                        orphans.add(c.name());
                    }
                }
            }
        });

        List<String> unchanged = new ArrayList<>();
        Map<String, Integer> depths = new HashMap<>();
        Set<String> started = new HashSet<>();
        Set<String> replaced = new HashSet<>();
        for (String name : order(project)) {
            Service s = project.services().get(name);
            int wave = 2 + depth(project, name, depths);
            List<Operation> serviceOps = new ArrayList<>();
            // A container in another's network namespace holds that container's id: a new one means a new one here.
            boolean joinsReplaced = s.networkMode() != null && s.networkMode().startsWith("service:")
                    && replaced.contains(s.networkMode().substring("service:".length()));
            service(project, s, observed, sorted(byService.getOrDefault(name, List.of())), serviceOps, unchanged,
                    wave, joinsReplaced, options.inputs().get(name));
            if (serviceOps.stream().anyMatch(op -> op.kind() == Operation.Kind.CREATE_CONTAINER
                    || op.kind() == Operation.Kind.RECREATE_CONTAINER)) {
                replaced.add(name);
            }
            // Starting a container needs its dependencies' conditions; so does a dependency that starts anew (a
            // job run again must succeed again, even when nothing that waits for it changed).
            boolean starts = serviceOps.stream().anyMatch(op -> op.kind() == Operation.Kind.START_CONTAINER);
            if (starts || s.dependsOn().keySet().stream().anyMatch(started::contains)) {
                ops.addAll(waits(project, s, wave));
            }
            if (starts) {
                started.add(name);
            }
            ops.addAll(serviceOps);
        }
        ops.sort(Comparator.comparingInt(Operation::wave)); // stable: plan order within a wave
        return new Plan(ops, unchanged, orphans);
    }

    private static void service(Project project, Service s, ObservedState observed, List<ObservedContainer> existing,
                                List<Operation> ops, List<String> unchanged, int wave, boolean recreate,
                                String inputs) {
        String chain = "service " + s.name();
        String hash = ConfigHash.of(s);
        String imageId = observed.images().get(s.image());
        Map<Integer, ObservedContainer> byNumber = new HashMap<>();
        for (ObservedContainer c : existing) {
            if (c.number() >= 1 && c.number() <= s.replicas() && !byNumber.containsKey(c.number())) {
                byNumber.put(c.number(), c);
            } else {
                remove(ops, c, 1); // scaled down, or a duplicate number
            }
        }
        for (int n = 1; n <= s.replicas(); n++) {
            String name = s.containerName() != null ? s.containerName()
                    : ComposeLabels.containerName(project.name(), s.name(), n);
            ObservedContainer c = byNumber.get(n);
            if (c == null) {
                ops.add(new Operation(Operation.Kind.CREATE_CONTAINER, name, s.name(), n, null, wave, chain));
                ops.add(new Operation(Operation.Kind.START_CONTAINER, name, s.name(), n, null, wave, chain));
            } else if (recreate || !hash.equals(c.configHash()) || imageId != null && !imageId.equals(c.imageId())
                    || !name.equals(c.name()) || inputs != null && c.inputsHash() != null
                    && !inputs.equals(c.inputsHash())) {
                ops.add(new Operation(Operation.Kind.RECREATE_CONTAINER, name, s.name(), n, c.id(), wave, chain));
                ops.add(new Operation(Operation.Kind.START_CONTAINER, name, s.name(), n, null, wave, chain));
            } else if (!c.running()) {
                ops.add(new Operation(Operation.Kind.START_CONTAINER, name, s.name(), n, c.id(), wave, chain));
            } else {
                unchanged.add(name);
            }
        }
    }

    /** Waits for the conditions a service's dependencies must meet, in the service's own chain. */
    private static List<Operation> waits(Project project, Service s, int wave) {
        List<Operation> out = new ArrayList<>();
        s.dependsOn().forEach((dep, d) -> {
            Service target = project.services().get(dep);
            Operation.Kind kind = switch (d.condition()) {
                case "service_healthy" -> Operation.Kind.WAIT_HEALTHY;
                case "service_completed_successfully" -> Operation.Kind.WAIT_COMPLETED;
                default -> null;
            };
            if (target == null || kind == null) {
                return;
            }
            for (int n = 1; n <= target.replicas(); n++) {
                String name = target.containerName() != null ? target.containerName()
                        : ComposeLabels.containerName(project.name(), dep, n);
                out.add(new Operation(kind, name, dep, n, null, wave, "service " + s.name()));
            }
        });
        return out;
    }

    private static void remove(List<Operation> ops, ObservedContainer c, int wave) {
        remove(ops, c, wave, false);
    }

    private static void remove(List<Operation> ops, ObservedContainer c, int wave, boolean withVolumes) {
        String chain = "container " + c.name();
        if (c.running()) {
            ops.add(new Operation(Operation.Kind.STOP_CONTAINER, c.name(), c.service(), c.number(), c.id(), wave,
                    chain));
        }
        ops.add(new Operation(withVolumes ? Operation.Kind.REMOVE_CONTAINER_AND_VOLUMES
                : Operation.Kind.REMOVE_CONTAINER, c.name(), c.service(), c.number(), c.id(), wave, chain));
    }

    /** How many dependencies deep a service is: 0 for none, else one more than its deepest dependency. */
    private static int depth(Project project, String name, Map<String, Integer> known) {
        Integer d = known.get(name);
        if (d != null) {
            return d;
        }
        Service s = project.services().get(name);
        int depth = 0;
        if (s != null) {
            Set<String> deps = new TreeSet<>(s.dependsOn().keySet());
            if (s.networkMode() != null && s.networkMode().startsWith("service:")) {
                deps.add(s.networkMode().substring(8));
            }
            known.put(name, 0); // validated: no cycles; this only guards the recursion
            for (String dep : deps) {
                if (project.services().containsKey(dep)) {
                    depth = Math.max(depth, 1 + depth(project, dep, known));
                }
            }
        }
        known.put(name, depth);
        return depth;
    }

    private static List<ObservedContainer> sorted(List<ObservedContainer> containers) {
        return containers.stream().sorted(Comparator.comparingInt(ObservedContainer::number)
                .thenComparing(ObservedContainer::name)).toList();
    }

    /**
     * Services in dependency order ({@code depends_on} and {@code network_mode: service:x}), ties by name.
     *
     * @param project the project (validated: no cycles)
     * @return service names, dependencies first
     */
    public static List<String> order(Project project) {
        Set<String> out = new LinkedHashSet<>();
        for (String name : project.services().keySet()) {
            visit(project, name, out, new HashSet<>());
        }
        return List.copyOf(out);
    }

    private static void visit(Project project, String name, Set<String> out, Set<String> path) {
        Service s = project.services().get(name);
        if (s == null || out.contains(name) || !path.add(name)) {
            return;
        }
        Set<String> deps = new TreeSet<>(s.dependsOn().keySet());
        if (s.networkMode() != null && s.networkMode().startsWith("service:")) {
            deps.add(s.networkMode().substring(8));
        }
        for (String dep : deps) {
            visit(project, dep, out, path);
        }
        out.add(name);
    }

    /**
     * Plans stopping a stack: every running container, dependents first.
     *
     * @param observed the stack's containers
     * @return the plan
     */
    public static Plan stop(ObservedState observed) {
        List<Operation> ops = new ArrayList<>();
        Map<String, Integer> waves = stopWaves(observed);
        for (ObservedContainer c : sorted(observed.containers())) {
            if (c.running()) {
                ops.add(new Operation(Operation.Kind.STOP_CONTAINER, c.name(), c.service(), c.number(), c.id(),
                        waves.get(c.service()), "container " + c.name()));
            }
        }
        ops.sort(Comparator.comparingInt(Operation::wave));
        return new Plan(ops, List.of(), List.of());
    }

    /**
     * Plans removing a stack: its containers (dependents first), then its networks, then (when asked) its
     * volumes. External networks and volumes are never in {@code observed}, which holds only what carries the
     * project's label.
     *
     * @param observed the stack's containers, networks and volumes
     * @param volumes  remove the volumes too
     * @return the plan
     */
    public static Plan down(ObservedState observed, boolean volumes) {
        List<Operation> ops = new ArrayList<>();
        Map<String, Integer> waves = stopWaves(observed);
        for (ObservedContainer c : sorted(observed.containers())) {
            remove(ops, c, waves.get(c.service()), volumes);
        }
        int last = waves.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        new TreeSet<>(observed.networks()).forEach(n -> ops.add(new Operation(Operation.Kind.REMOVE_NETWORK, n,
                null, 0, null, last, "network " + n)));
        if (volumes) {
            new TreeSet<>(observed.volumes()).forEach(v -> ops.add(new Operation(Operation.Kind.REMOVE_VOLUME, v,
                    null, 0, null, last, "volume " + v)));
        }
        ops.sort(Comparator.comparingInt(Operation::wave));
        return new Plan(ops, List.of(), List.of());
    }

    /**
     * Stop order from the containers' own {@code depends_on} labels (a stack may have no file here): a service
     * stops in the wave after everything that depends on it.
     */
    private static Map<String, Integer> stopWaves(ObservedState observed) {
        Map<String, Set<String>> dependents = new TreeMap<>();
        for (ObservedContainer c : observed.containers()) {
            dependents.computeIfAbsent(c.service(), k -> new TreeSet<>());
            for (String dep : c.dependsOn()) {
                dependents.computeIfAbsent(dep, k -> new TreeSet<>()).add(c.service());
            }
        }
        Map<String, Integer> waves = new HashMap<>();
        for (String service : dependents.keySet()) {
            stopWave(service, dependents, waves, new HashSet<>());
        }
        return waves;
    }

    private static int stopWave(String service, Map<String, Set<String>> dependents, Map<String, Integer> waves,
                                Set<String> path) {
        Integer known = waves.get(service);
        if (known != null) {
            return known;
        }
        int wave = 0;
        if (path.add(service)) { // labels are not validated: a cycle in them must not recurse for ever
            for (String dependent : dependents.getOrDefault(service, Set.of())) {
                wave = Math.max(wave, 1 + stopWave(dependent, dependents, waves, path));
            }
            path.remove(service);
        }
        waves.put(service, wave);
        return wave;
    }
}
