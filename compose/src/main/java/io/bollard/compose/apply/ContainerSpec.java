package io.bollard.compose.apply;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.BindOptions;
import com.github.dockerjava.api.model.BindPropagation;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Device;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.LogConfig;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.TmpfsOptions;
import com.github.dockerjava.api.model.Ulimit;
import com.github.dockerjava.api.model.VolumeOptions;
import io.bollard.compose.model.FileObject;
import io.bollard.compose.model.Project;
import io.bollard.compose.model.Service;
import io.bollard.compose.plan.ComposeLabels;
import io.bollard.compose.plan.ConfigHash;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fills docker-java's create command from a service, as Docker Compose would create the container: Compose's labels,
 * the first network joined at create (the others are connected before start), short-form bind mounts as binds (so
 * the engine creates a missing host folder), other mounts as mounts, secrets and configs as read-only file binds.
 */
final class ContainerSpec {

    private final ApplyContext context;

    ContainerSpec(ApplyContext context) {
        this.context = context;
    }

    /**
     * The labels of a service's container.
     *
     * @param s      the service
     * @param number its replica number
     * @return labels
     */
    Map<String, String> labels(Service s, int number) {
        Map<String, String> labels = new TreeMap<>(s.labels());
        labels.putAll(context.extraLabels());
        labels.put(ComposeLabels.PROJECT, context.project().name());
        labels.put(ComposeLabels.SERVICE, s.name());
        labels.put(ComposeLabels.CONTAINER_NUMBER, String.valueOf(number));
        labels.put(ComposeLabels.ONEOFF, "False");
        labels.put(ComposeLabels.CONFIG_HASH, ConfigHash.of(s));
        String inputs = context.inputs().get(s.name());
        if (inputs != null) {
            labels.put(ComposeLabels.INPUTS_HASH, inputs);
        }
        labels.put(ComposeLabels.WORKING_DIR, context.workingDir());
        labels.put(ComposeLabels.CONFIG_FILES, String.join(",", context.configFiles()));
        labels.put(ComposeLabels.VERSION, ComposeLabels.AGENT_VERSION);
        labels.put(ComposeLabels.IMAGE, s.image());
        List<String> deps = new ArrayList<>();
        s.dependsOn().forEach((name, d) -> deps.add(name + ":" + d.condition() + ":"
                + Boolean.TRUE.equals(d.restart())));
        // Namespaces joined from another service are dependencies too, as Compose records them: stop and remove
        // (which read this label, a stack may have no file here) take the joining service first.
        for (String mode : java.util.Arrays.asList(s.networkMode(), s.pid(), s.ipc())) {
            if (mode != null && mode.startsWith("service:")) {
                String other = mode.substring("service:".length());
                if (!s.dependsOn().containsKey(other) && deps.stream().noneMatch(d -> d.startsWith(other + ":"))) {
                    deps.add(other + ":service_started:true");
                }
            }
        }
        labels.put(ComposeLabels.DEPENDS_ON, String.join(",", deps));
        return labels;
    }

    /**
     * A namespace mode as Docker gets it: {@code container:X} with the id the context's lookup gives for X.
     *
     * @param mode the mode as written ({@code host}, {@code container:X}, ...)
     * @return the mode to give Docker
     */
    String joined(String mode) {
        return mode.startsWith("container:")
                ? "container:" + context.containerIds().apply(mode.substring("container:".length())) : mode;
    }

    /**
     * The networks a service joins, the one to join at create first.
     *
     * @param s the service
     * @return network keys
     */
    static List<String> networkOrder(Service s) {
        return s.networks().entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Service.Attachment>>comparingInt(
                        e -> e.getValue() == null || e.getValue().priority() == null ? 0 : -e.getValue().priority())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * The aliases a service has on a network: its name and those the file gives.
     *
     * @param s       the service
     * @param network the network key
     * @return aliases
     */
    static List<String> aliases(Service s, String network) {
        Set<String> out = new LinkedHashSet<>();
        out.add(s.name());
        Service.Attachment a = s.networks().get(network);
        if (a != null) {
            out.addAll(a.aliases());
        }
        return List.copyOf(out);
    }

    /**
     * Fills a create command.
     *
     * @param cmd         the command, image and name set
     * @param s           the service
     * @param number      the replica number
     * @param networkMode the engine's network mode: a network name, {@code host}, {@code container:<id>}, ...
     */
    void fill(CreateContainerCmd cmd, Service s, int number, String networkMode) {
        Project project = context.project();
        List<String> env = new ArrayList<>();
        s.environment().forEach((k, v) -> env.add(k + "=" + v));
        cmd.withEnv(env).withLabels(labels(s, number));
        if (s.command() != null) {
            cmd.withCmd(s.command());
        }
        if (s.entrypoint() != null) {
            cmd.withEntrypoint(s.entrypoint());
        }
        if (s.user() != null) {
            cmd.withUser(s.user());
        }
        if (s.workingDir() != null) {
            cmd.withWorkingDir(s.workingDir());
        }
        if (s.hostname() != null) {
            cmd.withHostName(s.hostname());
        }
        if (s.domainname() != null) {
            cmd.withDomainName(s.domainname());
        }
        if (s.stopSignal() != null) {
            cmd.withStopSignal(s.stopSignal());
        }
        if (s.stopGracePeriod() != null) {
            cmd.withStopTimeout((int) Math.max(0, s.stopGracePeriod() / 1_000_000_000L));
        }
        cmd.withTty(s.tty()).withStdinOpen(s.stdinOpen());
        if (s.healthcheck() != null) {
            Service.Healthcheck h = s.healthcheck();
            cmd.withHealthcheck(new HealthCheck().withTest(h.test().isEmpty() ? null : h.test())
                    .withInterval(h.interval()).withTimeout(h.timeout()).withStartPeriod(h.startPeriod())
                    .withStartInterval(h.startInterval()).withRetries(h.retries()));
        }

        HostConfig host = HostConfig.newHostConfig().withNetworkMode(networkMode);
        List<ExposedPort> exposed = new ArrayList<>();
        Ports bindings = new Ports();
        for (Service.Port p : s.ports()) {
            ExposedPort port = new ExposedPort(p.target(), InternetProtocol.parse(p.protocol() == null ? "tcp"
                    : p.protocol()));
            exposed.add(port);
            bindings.bind(port, new Ports.Binding(p.hostIp(),
                    p.published() == null || p.published().isEmpty() ? null : p.published()));
        }
        for (String e : s.expose()) {
            exposed.add(ExposedPort.parse(e.contains("/") ? e : e + "/tcp"));
        }
        cmd.withExposedPorts(exposed);
        host.withPortBindings(bindings);

        List<Bind> binds = new ArrayList<>();
        List<Mount> mounts = new ArrayList<>();
        for (Service.Mount m : s.volumes()) {
            switch (m.type()) {
                case "bind" -> {
                    if (m.bind() != null && Boolean.TRUE.equals(m.bind().createHostPath())) {
                        binds.add(Bind.parse(m.source() + ":" + m.target() + (m.readOnly() ? ":ro" : ":rw")
                                + (m.bind().propagation() == null ? "" : "," + m.bind().propagation())));
                    } else {
                        Mount mount = new Mount().withType(MountType.BIND).withSource(m.source())
                                .withTarget(m.target()).withReadOnly(m.readOnly());
                        if (m.bind() != null && m.bind().propagation() != null) {
                            mount.withBindOptions(new BindOptions().withPropagation(
                                    propagation(m.bind().propagation())));
                        }
                        mounts.add(mount);
                    }
                }
                case "tmpfs" -> {
                    Mount mount = new Mount().withType(MountType.TMPFS).withTarget(m.target());
                    if (m.tmpfs() != null && m.tmpfs().size() != null) {
                        mount.withTmpfsOptions(new TmpfsOptions().withSizeBytes(m.tmpfs().size()));
                    }
                    mounts.add(mount);
                }
                default -> {
                    Mount mount = new Mount().withType(MountType.VOLUME).withTarget(m.target())
                            .withReadOnly(m.readOnly());
                    if (m.source() != null) {
                        io.bollard.compose.model.Volume v = project.volumes().get(m.source());
                        mount.withSource(v.name());
                    }
                    if (m.volume() != null && Boolean.TRUE.equals(m.volume().nocopy())) {
                        mount.withVolumeOptions(new VolumeOptions().withNoCopy(true));
                    }
                    mounts.add(mount);
                }
            }
        }
        for (Service.FileGrant g : s.secrets()) {
            FileObject o = project.secrets().get(g.source());
            String target = g.target() == null ? g.source() : g.target();
            binds.add(Bind.parse(o.file() + ":" + (target.startsWith("/") ? target : "/run/secrets/" + target)
                    + ":ro"));
        }
        for (Service.FileGrant g : s.configs()) {
            FileObject o = project.configs().get(g.source());
            binds.add(Bind.parse(o.file() + ":" + (g.target() == null ? "/" + g.source() : g.target()) + ":ro"));
        }
        host.withBinds(binds).withMounts(mounts);

        if (s.restart() != null) {
            host.withRestartPolicy(s.restart().equals("no") ? RestartPolicy.noRestart()
                    : RestartPolicy.parse(s.restart()));
        }
        host.withExtraHosts(s.extraHosts().toArray(String[]::new)).withDns(s.dns()).withDnsSearch(s.dnsSearch());
        host.withCapAdd(capabilities(s.capAdd())).withCapDrop(capabilities(s.capDrop()));
        host.withPrivileged(s.privileged()).withSecurityOpts(s.securityOpt());
        host.withDevices(s.devices().stream().map(d -> new Device(d.permissions() == null ? "rwm" : d.permissions(),
                d.target(), d.source())).toList());
        if (!s.sysctls().isEmpty()) {
            host.withSysctls(s.sysctls());
        }
        host.withUlimits(s.ulimits().entrySet().stream()
                .map(e -> new Ulimit(e.getKey(), e.getValue().soft(), e.getValue().hard())).toList());
        if (!s.tmpfs().isEmpty()) {
            Map<String, String> tmpfs = new TreeMap<>();
            for (String t : s.tmpfs()) {
                int colon = t.indexOf(':');
                tmpfs.put(colon < 0 ? t : t.substring(0, colon), colon < 0 ? "" : t.substring(colon + 1));
            }
            host.withTmpFs(tmpfs);
        }
        host.withInit(s.init()).withReadonlyRootfs(s.readOnly()).withShmSize(s.shmSize());
        Service.Limits limits = s.deploy() == null || s.deploy().resources() == null ? null
                : s.deploy().resources().limits();
        Long memory = limits != null && limits.memory() != null ? limits.memory() : s.memLimit();
        Double cpus = limits != null && limits.cpus() != null ? limits.cpus() : s.cpus();
        Long pids = limits != null && limits.pids() != null ? limits.pids() : s.pidsLimit();
        host.withMemory(memory).withPidsLimit(pids);
        if (cpus != null) {
            host.withNanoCPUs((long) (cpus * 1e9));
        }
        Service.Limits reservations = s.deploy() == null || s.deploy().resources() == null ? null
                : s.deploy().resources().reservations();
        if (reservations != null && reservations.memory() != null) {
            host.withMemoryReservation(reservations.memory());
        }
        if (s.logging() != null && s.logging().driver() != null) {
            host.withLogConfig(new LogConfig(LogConfig.LoggingType.fromValue(s.logging().driver()),
                    s.logging().options()));
        }
        if (s.pid() != null) {
            host.withPidMode(joined(s.pid()));
        }
        if (s.ipc() != null) {
            host.withIpcMode(joined(s.ipc()));
        }
        cmd.withHostConfig(host);
    }

    /** docker-java spells rshared as R_SHARED. */
    static BindPropagation propagation(String mode) {
        String name = mode.toUpperCase(Locale.ROOT);
        return BindPropagation.valueOf(name.startsWith("R") ? "R_" + name.substring(1) : name);
    }

    private static Capability[] capabilities(List<String> names) {
        return names.stream().map(n -> Capability.valueOf(n.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "")))
                .toArray(Capability[]::new);
    }
}
