package io.bollard.plugins.containers.query;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ContainerPort;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import io.bollard.plugin.docker.DockerJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns docker-java's container models into the agent's JSON views.
 */
public final class ContainerViews {

    private ContainerViews() {
    }

    /**
     * A listed container, with the restart policy that only inspect knows.
     *
     * @param c             from the list call
     * @param restartPolicy from inspect
     * @return the view
     */
    public static ContainerSummary summary(Container c, String restartPolicy) {
        String[] names = c.getNames();
        String name = names == null || names.length == 0 ? "" : stripSlash(names[0]);
        List<PortView> ports = c.getPorts() == null ? List.of() : Arrays.stream(c.getPorts())
                .map(ContainerViews::port)
                .sorted(Comparator.comparingInt(PortView::privatePort))
                .toList();
        Map<String, ContainerNetwork> networks = c.getNetworkSettings() == null
                ? null : c.getNetworkSettings().getNetworks();
        String created = c.getCreated() == null ? null : Instant.ofEpochSecond(c.getCreated()).toString();
        return new ContainerSummary(c.getId(), name, c.getImage(), c.getStatus(), c.getState(), ports, created,
                restartPolicy, networks(networks), labels(c.getLabels()));
    }

    /**
     * An inspected container.
     *
     * @param i Docker's inspect answer
     * @return the view
     */
    public static ContainerDetails details(InspectContainerResponse i) {
        ContainerConfig config = i.getConfig();
        HostConfig host = i.getHostConfig();
        String state = i.getState() == null ? null : i.getState().getStatus();
        List<MountView> mounts = i.getMounts() == null ? List.of() : i.getMounts().stream()
                .map(m -> new MountView(mountType(m), m.getName(), m.getSource(),
                        m.getDestination() == null ? null : m.getDestination().getPath(),
                        m.getRW() != null && !m.getRW()))
                .toList();
        List<PortView> ports = new ArrayList<>();
        Ports bound = i.getNetworkSettings() == null ? null : i.getNetworkSettings().getPorts();
        if (bound != null) {
            bound.getBindings().forEach((exposed, bindings) -> ports.addAll(ports(exposed, bindings)));
        }
        ports.sort(Comparator.comparingInt(PortView::privatePort));
        return new ContainerDetails(
                i.getId(),
                stripSlash(i.getName()),
                config == null ? null : config.getImage(),
                DockerStatus.of(i.getState(), Instant.now()),
                state,
                ports,
                i.getCreated(),
                restartPolicy(host),
                networks(i.getNetworkSettings() == null ? null : i.getNetworkSettings().getNetworks()),
                labels(config == null ? null : config.getLabels()),
                config == null || config.getEnv() == null ? List.of() : List.of(config.getEnv()),
                mounts,
                host == null ? null : host.getNetworkMode(),
                host == null || host.getMemory() == null ? 0 : host.getMemory(),
                host == null || host.getNanoCPUs() == null ? 0 : host.getNanoCPUs(),
                DockerJson.toDocument(i));
    }

    /** Docker's own type of a mount (bind, volume, tmpfs, npipe), which docker-java's model keeps aside. */
    private static String mountType(InspectContainerResponse.Mount m) {
        Object type = m.getRawValues().get("Type");
        return type instanceof String t && !t.isEmpty() ? t : m.getName() != null ? "volume" : "bind";
    }

    /**
     * The restart policy as {@code docker run --restart} writes it.
     *
     * @param host the container's host config
     * @return no, always, unless-stopped or on-failure[:N]
     */
    public static String restartPolicy(HostConfig host) {
        RestartPolicy policy = host == null ? null : host.getRestartPolicy();
        if (policy == null || policy.getName() == null || policy.getName().isEmpty()) {
            return "no";
        }
        Integer max = policy.getMaximumRetryCount();
        return max != null && max > 0 && "on-failure".equals(policy.getName())
                ? policy.getName() + ":" + max : policy.getName();
    }

    private static List<PortView> ports(ExposedPort exposed, Ports.Binding[] bindings) {
        String type = exposed.getProtocol() == null ? "tcp" : exposed.getProtocol().toString();
        if (bindings == null || bindings.length == 0) {
            return List.of(new PortView(null, exposed.getPort(), null, type));
        }
        List<PortView> out = new ArrayList<>();
        for (Ports.Binding b : bindings) {
            Integer hostPort = b.getHostPortSpec() == null || b.getHostPortSpec().isEmpty()
                    ? null : Integer.valueOf(b.getHostPortSpec().split("-")[0]);
            out.add(new PortView(b.getHostIp(), exposed.getPort(), hostPort, type));
        }
        return out;
    }

    private static PortView port(ContainerPort p) {
        return new PortView(p.getIp(), p.getPrivatePort() == null ? 0 : p.getPrivatePort(), p.getPublicPort(),
                p.getType());
    }

    private static List<NetworkView> networks(Map<String, ContainerNetwork> networks) {
        if (networks == null) {
            return List.of();
        }
        return new TreeMap<>(networks).entrySet().stream()
                .map(e -> new NetworkView(e.getKey(), emptyToNull(e.getValue().getIpAddress())))
                .toList();
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : new TreeMap<>(labels);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /**
     * Docker's name without its leading slash.
     *
     * @param name as Docker writes it
     * @return the bare name
     */
    public static String stripSlash(String name) {
        return name != null && name.startsWith("/") ? name.substring(1) : name;
    }
}
