package io.bollard.compose.apply;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.bollard.compose.ComposeException;
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
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Reads what the engine has of a project, by Compose's project label (so stacks made by Docker Compose are seen too).
 */
public final class EngineState {

    /** Networks every engine has; joining one names nobody's object. */
    private static final Set<String> PREDEFINED_NETWORKS = Set.of("bridge", "host", "none");

    private final DockerClient docker;
    private final Predicate<Map<String, String>> visible;

    /**
     * @param docker  the Docker client
     * @param visible which networks and volumes, by their labels, the caller may use and remove
     */
    public EngineState(DockerClient docker, Predicate<Map<String, String>> visible) {
        this.docker = docker;
        this.visible = visible;
    }

    /**
     * The existing networks and volumes a project names that the caller may not see (by their labels), such as
     * another stack's volume named as {@code external}: a deploy must not reach them.
     *
     * @param project the project
     * @return {@code volume NAME} and {@code network NAME} for each, empty when none
     */
    public List<String> hiddenObjects(Project project) {
        List<String> hidden = new ArrayList<>();
        for (Network n : project.networks().values()) {
            if (PREDEFINED_NETWORKS.contains(n.name())) {
                continue;
            }
            if (networksNamed(n.name()).stream().anyMatch(labels -> !visible.test(labels))) {
                hidden.add("network " + n.name());
            }
        }
        for (Volume v : project.volumes().values()) {
            // not there yet: it will be made with the caller's labels
            if (volumeLabels(v.name()).filter(labels -> !visible.test(labels)).isPresent()) {
                hidden.add("volume " + v.name());
            }
        }
        return hidden;
    }

    /** The labels of every network with exactly this name (Docker may hold more than one). */
    private List<Map<String, String>> networksNamed(String name) {
        return docker.listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(x -> x.getName().equals(name)).map(x -> labels(x.getLabels())).toList();
    }

    /** A volume's labels, or empty when there is no such volume. */
    private java.util.Optional<Map<String, String>> volumeLabels(String name) {
        try {
            return java.util.Optional.of(labels(docker.inspectVolumeCmd(name).exec().getLabels()));
        } catch (NotFoundException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The networks and volumes a project names as {@code external} that it cannot use: missing, or hidden by the
     * caller's filter. Both read the same, so a caller learns nothing of what the filter hides.
     *
     * @param project the project
     * @return one refusal per such object, naming its key; empty when all can be used
     */
    public List<String> unusableExternals(Project project) {
        List<String> out = new ArrayList<>();
        project.networks().forEach((key, n) -> {
            if (n.external() && !PREDEFINED_NETWORKS.contains(n.name())
                    && networksNamed(n.name()).stream().noneMatch(visible)) {
                out.add("networks." + key + ": external network " + n.name() + " does not exist");
            }
        });
        project.volumes().forEach((key, v) -> {
            if (v.external() && volumeLabels(v.name()).filter(visible).isEmpty()) {
                out.add("volumes." + key + ": external volume " + v.name() + " does not exist");
            }
        });
        return out;
    }

    /**
     * How an existing network differs from the file's in what Docker cannot change on a network in use: each only
     * where the file asks for something the network does not give (an attachable network the file does not ask to
     * be attachable is fine: Docker Compose 1.x makes every network attachable), and subnets by what they contain.
     */
    static List<String> differences(Network wanted, com.github.dockerjava.api.model.Network existing) {
        List<String> out = new ArrayList<>();
        if (wanted.driver() != null && existing.getDriver() != null && !wanted.driver().equals(existing.getDriver())) {
            out.add("driver " + existing.getDriver() + ", the file says " + wanted.driver());
        }
        if (wanted.internal() != Boolean.TRUE.equals(existing.getInternal())) {
            out.add("internal " + !wanted.internal() + ", the file says " + wanted.internal());
        }
        if (wanted.attachable() && !Boolean.TRUE.equals(existing.isAttachable())) {
            out.add("attachable false, the file says true");
        }
        boolean ipv6 = Boolean.TRUE.equals(existing.getEnableIPv6());
        if (wanted.enableIpv6() != null && wanted.enableIpv6() != ipv6) {
            out.add("enable_ipv6 " + ipv6 + ", the file says " + wanted.enableIpv6());
        }
        if (wanted.ipam() != null) {
            Set<String> have = new TreeSet<>();
            if (existing.getIpam() != null && existing.getIpam().getConfig() != null) {
                existing.getIpam().getConfig().stream().map(c -> c.getSubnet()).filter(Objects::nonNull)
                        .map(EngineState::canonicalSubnet).forEach(have::add);
            }
            // Docker may add subnets of its own (an IPv4 one beside a file's IPv6 one): only missing ones count.
            Set<String> missing = new TreeSet<>();
            wanted.ipam().config().stream().map(Network.Pool::subnet).filter(Objects::nonNull)
                    .map(EngineState::canonicalSubnet).filter(subnet -> !have.contains(subnet)).forEach(missing::add);
            if (!missing.isEmpty()) {
                out.add("subnets " + have + ", the file says " + missing);
            }
        }
        return out;
    }

    /**
     * How an existing volume differs from the file's in what Docker cannot change on a volume: its driver and its
     * driver options (a volume made without options has none; {@code local} is Docker's default driver).
     */
    static List<String> volumeDifferences(Volume wanted, String driver, Map<String, String> options) {
        List<String> out = new ArrayList<>();
        String want = wanted.driver() == null ? "local" : wanted.driver();
        String have = driver == null || driver.isEmpty() ? "local" : driver;
        if (!want.equals(have)) {
            out.add("driver " + have + ", the file says " + want);
        }
        Map<String, String> haveOptions = options == null ? Map.of() : options;
        if (!wanted.driverOpts().equals(haveOptions)) {
            out.add("driver_opts " + new java.util.TreeMap<>(haveOptions).keySet() + ", the file says "
                    + new java.util.TreeMap<>(wanted.driverOpts()).keySet() + " (or other values)");
        }
        return out;
    }

    /** A CIDR subnet with its host bits cleared and its address written the one way, so equal subnets compare. */
    static String canonicalSubnet(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return cidr;
        }
        try {
            String address = cidr.substring(0, slash);
            // A literal only (never a name to resolve): digits, dots, colons and hex.
            if (!address.matches("[0-9A-Fa-f:.]+")) {
                return cidr;
            }
            byte[] bytes = java.net.InetAddress.getByName(address).getAddress();
            int prefix = Integer.parseInt(cidr.substring(slash + 1));
            for (int i = 0; i < bytes.length; i++) {
                int keep = Math.max(0, Math.min(8, prefix - 8 * i));
                bytes[i] &= (byte) (0xff << (8 - keep));
            }
            return java.net.InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (java.io.IOException | NumberFormatException e) {
            return cidr;
        }
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : labels;
    }

    /**
     * The containers of a project, {@code compose run} ones left out.
     *
     * @param project the project name
     * @return its containers
     */
    public List<ObservedContainer> containers(String project) {
        return containers(project, false);
    }

    private List<ObservedContainer> containers(String project, boolean oneOffs) {
        List<ObservedContainer> out = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ComposeLabels.PROJECT, project)).exec()) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            if (!oneOffs && "True".equalsIgnoreCase(labels.get(ComposeLabels.ONEOFF))) {
                continue;
            }
            out.add(new ObservedContainer(c.getId(), name(c), labels.getOrDefault(ComposeLabels.SERVICE, ""),
                    number(labels.get(ComposeLabels.CONTAINER_NUMBER)), labels.get(ComposeLabels.CONFIG_HASH),
                    c.getImageId(), c.getState(), health(c.getStatus()),
                    dependencies(labels.get(ComposeLabels.DEPENDS_ON)), labels.get(ComposeLabels.INPUTS_HASH)));
        }
        return out;
    }

    /**
     * The folders that containers of the stack a deploy leaves in place mount writable: containers of services no
     * longer in the file (kept unless orphans are removed) and of services a profile switched off. Such a container
     * keeps running beside the new ones, so a folder it may write counts as much as one the file mounts writable.
     *
     * @param project        the project about to be deployed
     * @param removeOrphans  whether the deploy removes the containers of services no longer in the file (first)
     * @return what mounts each folder ({@code container NAME}) to the folder's host path, as Docker reports it
     */
    public List<Map.Entry<String, String>> keptWritableBinds(Project project, boolean removeOrphans) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (Container c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ComposeLabels.PROJECT, project.name())).exec()) {
            String service = labels(c.getLabels()).getOrDefault(ComposeLabels.SERVICE, "");
            boolean kept = project.disabled().contains(service) || orphan(project, service) && !removeOrphans;
            if (!kept || c.getMounts() == null) {
                continue;
            }
            for (var m : c.getMounts()) {
                // A named volume lives in Docker's own folder; only a bind (no name) can be a stack folder.
                if (m.getName() == null && m.getSource() != null && !Boolean.FALSE.equals(m.getRw())) {
                    out.add(Map.entry("container " + name(c), m.getSource()));
                }
            }
        }
        return out;
    }

    /**
     * The containers of services no longer in the file (a service a profile switched off is still in it, as in
     * Compose): a deploy leaves them running unless asked to remove orphans.
     *
     * @param project the project about to be deployed
     * @return their names
     */
    public List<String> orphans(Project project) {
        return containers(project.name()).stream().filter(c -> orphan(project, c.service()))
                .map(ObservedContainer::name).sorted().toList();
    }

    private static boolean orphan(Project project, String service) {
        return !project.services().containsKey(service) && !project.disabled().contains(service);
    }

    /**
     * What the engine has of a project the agent is about to deploy.
     *
     * @param project the project
     * @return containers, the networks and volumes it names that exist, and its images' ids
     */
    public ObservedState observe(Project project) {
        List<String> hidden = hiddenObjects(project);
        if (!hidden.isEmpty()) {
            throw new ComposeException(hiddenMessage(hidden));
        }
        Set<String> networks = new HashSet<>();
        List<String> diverged = new ArrayList<>();
        for (Map.Entry<String, Network> e : project.networks().entrySet()) {
            Network n = e.getValue();
            docker.listNetworksCmd().withNameFilter(n.name()).exec().stream()
                    .filter(x -> x.getName().equals(n.name())).findFirst().ifPresent(existing -> {
                        networks.add(n.name());
                        if (!n.external()) {
                            List<String> differences = differences(n, existing);
                            if (!differences.isEmpty()) {
                                diverged.add("networks." + e.getKey() + ": network " + n.name()
                                        + " exists with other settings (" + String.join(", ", differences) + ")");
                            }
                        }
                    });
        }
        if (!diverged.isEmpty()) {
            // Containers are attached to it: changing it means removing the stack's containers first, which a
            // redeploy must not do unasked.
            throw new ComposeException(String.join("; ", diverged) + "; remove the stack (or the network) and "
                    + "deploy again to apply them");
        }
        Set<String> volumes = new HashSet<>();
        for (Map.Entry<String, Volume> e : project.volumes().entrySet()) {
            Volume v = e.getValue();
            try {
                var existing = docker.inspectVolumeCmd(v.name()).exec();
                volumes.add(v.name());
                if (!v.external()) {
                    List<String> differences = volumeDifferences(v, existing.getDriver(), existing.getOptions());
                    if (!differences.isEmpty()) {
                        diverged.add("volumes." + e.getKey() + ": volume " + v.name() + " exists with other settings ("
                                + String.join(", ", differences) + ")");
                    }
                }
            } catch (NotFoundException e2) {
                // not there yet
            }
        }
        if (!diverged.isEmpty()) {
            // Its data is in it: a different driver or options means a new volume, which only its removal allows.
            throw new ComposeException(String.join("; ", diverged) + "; remove the stack with its volumes (or the "
                    + "volume) and deploy again to apply them, or give the volume another name");
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
     * @param oneOffs  include {@code compose run} containers (removing a stack removes them, as Compose does: they
     *                 hold its networks)
     * @return its state
     */
    public ObservedState labelled(String project, boolean oneOffs) {
        Set<String> networks = new HashSet<>();
        // Objects that carry the project's label but not the caller's are left alone, as if they were not there.
        docker.listNetworksCmd().withFilter("label", List.of(ComposeLabels.PROJECT + "=" + project)).exec().stream()
                .filter(n -> visible.test(labels(n.getLabels()))).forEach(n -> networks.add(n.getName()));
        Set<String> volumes = new HashSet<>();
        var listed = docker.listVolumesCmd().withFilter("label", List.of(ComposeLabels.PROJECT + "=" + project))
                .exec().getVolumes();
        if (listed != null) {
            listed.stream().filter(v -> visible.test(labels(v.getLabels()))).forEach(v -> volumes.add(v.getName()));
        }
        return new ObservedState(containers(project, oneOffs), networks, volumes, Map.of());
    }

    /**
     * The refusal for a deploy that names hidden objects.
     *
     * @param hidden what {@link #hiddenObjects} found
     * @return the message
     */
    public static String hiddenMessage(List<String> hidden) {
        return String.join(", ", hidden) + (hidden.size() == 1 ? " exists" : " exist")
                + " but this agent's label filter does not show " + (hidden.size() == 1 ? "it" : "them")
                + "; name another";
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
