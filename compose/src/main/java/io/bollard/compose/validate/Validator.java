package io.bollard.compose.validate;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.LogConfig;
import io.bollard.compose.ComposeException;
import io.bollard.compose.model.FileObject;
import io.bollard.compose.model.Project;
import io.bollard.compose.model.Service;
import io.bollard.compose.read.SourceMap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a bound project and reports every problem at once.
 */
public final class Validator {

    private static final Set<String> CONDITIONS = Set.of("service_started", "service_healthy",
            "service_completed_successfully");
    /** A whole Docker id. */
    private static final Pattern WHOLE_ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern DOCKER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}");
    /** Docker's container names: two characters or more. */
    private static final Pattern CONTAINER_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}");
    /** Compose's service names (they become part of container, host and alias names). */
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
    private static final Pattern IMAGE = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.:/@+-]{0,511}");
    private static final Pattern RESTART = Pattern.compile("no|always|unless-stopped|on-failure(:\\d+)?");
    private static final Set<String> PULL_POLICIES = Set.of("always", "missing", "never", "if_not_present");
    private static final Set<String> PROTOCOLS = Set.of("tcp", "udp", "sctp");
    private static final Set<String> MOUNT_TYPES = Set.of("volume", "bind", "tmpfs");
    private static final Set<String> PROPAGATIONS = Set.of("shared", "slave", "private", "rshared", "rslave",
            "rprivate");
    private static final Pattern PUBLISHED = Pattern.compile("\\d{1,5}(-\\d{1,5})?");

    private final SourceMap lines;
    private final List<String> problems = new ArrayList<>();

    private Validator(SourceMap lines) {
        this.lines = lines;
    }

    /**
     * Validates a project.
     *
     * @param project the project
     * @param lines   where its values were written
     * @throws ComposeException listing every problem found
     */
    public static void validate(Project project, SourceMap lines) {
        Validator v = new Validator(lines);
        v.check(project);
        if (!v.problems.isEmpty()) {
            throw new ComposeException(String.join("; ", v.problems));
        }
    }

    private void check(Project project) {
        if (project.services().isEmpty()) {
            problems.add("services: the file defines no service");
        }
        for (Service s : project.services().values()) {
            service(project, s, "services." + s.name());
        }
        cycles(project);
        // Names go into Docker's URLs: only what Docker itself allows, so no value can climb to another endpoint.
        project.volumes().forEach((k, v) -> dockerName(v.name(), "volumes." + k + ".name"));
        project.networks().forEach((k, n) -> {
            dockerName(n.name(), "networks." + k + ".name");
            // Docker finds a network by whole id before its name: joined or removed by that name, another network
            // (one the agent's filter hides, say) would be the one used.
            if (n.name() != null && WHOLE_ID.matcher(n.name()).matches()) {
                add("networks." + k + ".name", "'" + n.name() + "' looks like a network id (64 hex digits), which "
                        + "Docker would take for the network with that id");
            }
        });
        project.secrets().forEach((k, o) -> fileObject(o, "secrets." + k));
        project.configs().forEach((k, o) -> fileObject(o, "configs." + k));
    }

    private void service(Project project, Service s, String path) {
        if (!SERVICE_NAME.matcher(s.name()).matches()) {
            add(path, "'" + s.name() + "' is not a service name (letters, digits, _ . - only)");
        }
        if (s.containerName() != null && !CONTAINER_NAME.matcher(s.containerName()).matches()) {
            add(path + ".container_name", "'" + s.containerName() + "' is not a container name Docker takes (two "
                    + "or more letters, digits, _ . -, starting with a letter or digit)");
        }
        if (s.cpus() != null && !(s.cpus() > 0)) {
            add(path + ".cpus", "must be more than 0");
        }
        if (s.image() == null || s.image().isBlank()) {
            add(path + ".image", "missing: the agent deploys images, so every service needs one");
        } else if (!IMAGE.matcher(s.image()).matches() || List.of(s.image().split("/", -1)).contains("..")) {
            add(path + ".image", "'" + s.image() + "' is not an image reference such as registry:5000/team/app:1.2");
        }
        if (s.restart() != null && !RESTART.matcher(s.restart()).matches()) {
            add(path + ".restart", "'" + s.restart() + "' is not no, always, on-failure[:n] or unless-stopped");
        }
        if (s.pullPolicy() != null && !PULL_POLICIES.contains(s.pullPolicy())) {
            add(path + ".pull_policy", "'" + s.pullPolicy() + "' is not always, missing or never");
        }
        if (s.containerName() != null && s.replicas() > 1) {
            add(path + ".container_name", "a fixed container name allows one replica only");
        }
        if (s.replicas() < 0) {
            add(path + ".deploy.replicas", "must not be negative");
        }
        for (int i = 0; i < s.ports().size(); i++) {
            Service.Port p = s.ports().get(i);
            String pp = SourceMap.element(path + ".ports", i);
            if (p.target() < 1 || p.target() > 65535) {
                add(pp, "container port " + p.target() + " is not between 1 and 65535");
            }
            if (p.published() != null && !p.published().isEmpty() && !PUBLISHED.matcher(p.published()).matches()) {
                add(pp, "published port '" + p.published() + "' is not a port or range");
            }
            if (p.protocol() != null && !PROTOCOLS.contains(p.protocol())) {
                add(pp, "protocol '" + p.protocol() + "' is not tcp, udp or sctp");
            }
        }
        for (int i = 0; i < s.volumes().size(); i++) {
            Service.Mount m = s.volumes().get(i);
            String mp = SourceMap.element(path + ".volumes", i);
            if (m.type() == null || !MOUNT_TYPES.contains(m.type())) {
                add(mp, "type '" + m.type() + "' is not volume, bind or tmpfs");
            } else if (m.target() == null || !m.target().startsWith("/")) {
                add(mp, "target must be an absolute path in the container");
            } else if (m.type().equals("volume") && m.source() != null && !project.volumes().containsKey(m.source())) {
                add(mp, "volume '" + m.source() + "' is not defined under the top-level volumes:");
            } else if (m.type().equals("bind") && m.source() == null) {
                add(mp, "a bind mount needs a source");
            } else if (m.bind() != null && m.bind().propagation() != null
                    && !PROPAGATIONS.contains(m.bind().propagation())) {
                add(mp + ".bind.propagation", "'" + m.bind().propagation() + "' is not a propagation mode");
            }
        }
        if (s.networkMode() != null && !s.networks().isEmpty()) {
            add(path + ".network_mode", "cannot be used together with networks:");
        }
        if (s.networkMode() != null && s.networkMode().startsWith("service:")
                && !project.services().containsKey(s.networkMode().substring(8))) {
            add(path + ".network_mode", "service '" + s.networkMode().substring(8) + "' is not defined");
        }
        for (String n : s.networks().keySet()) {
            if (!project.networks().containsKey(n)) {
                add(path + ".networks." + n, "network '" + n + "' is not defined under the top-level networks:");
            }
        }
        s.dependsOn().forEach((dep, d) -> {
            String dp = path + ".depends_on." + dep;
            if (!project.services().containsKey(dep) && !Boolean.FALSE.equals(d.required())) {
                add(dp, "service '" + dep + "' is not defined (or not enabled by a profile)");
            }
            if (!CONDITIONS.contains(d.condition())) {
                add(dp + ".condition", "'" + d.condition() + "' is not service_started, service_healthy or "
                        + "service_completed_successfully");
            }
        });
        for (String key : List.of("cap_add", "cap_drop")) {
            for (String cap : key.equals("cap_add") ? s.capAdd() : s.capDrop()) {
                try {
                    Capability.valueOf(cap.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", ""));
                } catch (IllegalArgumentException e) {
                    add(path + "." + key, "'" + cap + "' is not a Linux capability");
                }
            }
        }
        if (s.logging() != null && s.logging().driver() != null) {
            // docker-java knows a fixed set of drivers and would quietly put its default in place of another.
            LogConfig.LoggingType type = LogConfig.LoggingType.fromValue(s.logging().driver());
            if (type == null || !type.getType().equals(s.logging().driver())) {
                add(path + ".logging.driver", "'" + s.logging().driver() + "' is not a log driver the agent knows");
            }
        }
        grants(project.secrets(), s.secrets(), path + ".secrets", "secrets");
        grants(project.configs(), s.configs(), path + ".configs", "configs");
    }

    private void grants(Map<String, FileObject> defined, List<Service.FileGrant> used, String path, String kind) {
        for (int i = 0; i < used.size(); i++) {
            if (!defined.containsKey(used.get(i).source())) {
                add(SourceMap.element(path, i), "'" + used.get(i).source() + "' is not defined under the top-level "
                        + kind + ":");
            }
        }
    }

    private void fileObject(FileObject o, String path) {
        if (o.external()) {
            add(path + ".external", "external secrets and configs need Swarm; give a file");
        } else if (o.file() == null) {
            add(path, "needs a file");
        }
    }

    private void cycles(Project project) {
        Set<String> done = new HashSet<>();
        for (String name : project.services().keySet()) {
            visit(project, name, new ArrayList<>(), done);
        }
    }

    private void visit(Project project, String name, List<String> trail, Set<String> done) {
        if (done.contains(name)) {
            return;
        }
        int at = trail.indexOf(name);
        if (at >= 0) {
            List<String> cycle = new ArrayList<>(trail.subList(at, trail.size()));
            cycle.add(name);
            add("services." + name + ".depends_on", "dependency cycle: " + String.join(" -> ", cycle));
            done.addAll(cycle);
            return;
        }
        Service s = project.services().get(name);
        if (s == null) {
            return;
        }
        trail.add(name);
        for (String dep : s.dependsOn().keySet()) {
            visit(project, dep, trail, done);
        }
        trail.removeLast();
        done.add(name);
    }

    private void dockerName(String name, String path) {
        if (name != null && !DOCKER_NAME.matcher(name).matches()) {
            add(path, "'" + name + "' is not a name Docker takes (letters, digits, _ . -, starting with a letter or "
                    + "digit)");
        }
    }

    private void add(String path, String problem) {
        String at = lines.locate(path);
        problems.add(path + ": " + problem + (at == null ? "" : " (" + at + ")"));
    }
}
