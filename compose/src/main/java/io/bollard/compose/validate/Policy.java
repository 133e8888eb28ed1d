package io.bollard.compose.validate;

import io.bollard.compose.ComposeException;
import io.bollard.compose.model.Project;
import io.bollard.compose.model.Service;
import io.bollard.files.FileAccessException;
import io.bollard.files.Sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a deployed project may ask of the host. {@link #PERMISSIVE} allows all that Docker Compose allows;
 * {@link #RESTRICTED} refuses what gives a container the host or another container: privileged mode, the host's
 * network, PID or IPC namespace or another container's, capabilities beyond Docker's default set, devices,
 * unconfined security profiles, volumes with driver options (the local driver can bind any host folder) or another
 * driver, and bind mounts (and secret or config files) outside the stack folder.
 */
public enum Policy {

    /** Everything Docker Compose allows. */
    PERMISSIVE,
    /** No way out of the container onto the host. */
    RESTRICTED;

    /** Docker's default capabilities: adding one of these back after {@code cap_drop: [ALL]} is harmless. */
    public static final Set<String> SAFE_CAPABILITIES = Set.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL",
            "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE",
            "SETFCAP");

    /** The local driver's mount types that hold no folder or disk of the host: memory and network shares. */
    private static final Set<String> LOCAL_MOUNTS_OFF_THE_HOST = Set.of("tmpfs", "nfs", "nfs4", "cifs", "smb3");

    /**
     * Reads a policy name.
     *
     * @param name {@code permissive} or {@code restricted}
     * @return the policy
     * @throws IllegalArgumentException for another name
     */
    public static Policy of(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "", "permissive" -> PERMISSIVE;
            case "restricted" -> RESTRICTED;
            default -> throw new IllegalArgumentException("'" + name + "' is not permissive or restricted");
        };
    }

    /**
     * Checks a project.
     *
     * @param project  the project
     * @param stackDir the stack folder as the engine sees it
     * @param files    the same folder as the agent sees it, to follow symbolic links a container may have planted;
     *                 null when the folder does not exist yet (nothing can be planted in it)
     * @throws ComposeException naming each service and key the policy refuses
     */
    public void check(Project project, Path stackDir, Sandbox files) {
        check(project, stackDir, files, List.of());
    }

    /**
     * Checks a project that joins containers already running.
     *
     * @param project      the project
     * @param stackDir     the stack folder as the engine sees it
     * @param files        the same folder as the agent sees it, or null when it does not exist yet
     * @param keptWritable folders (host paths) that containers the deploy leaves running mount writable, each
     *                     after what mounts it (an orphan of an earlier deploy keeps its mounts)
     * @throws ComposeException naming each service and key the policy refuses
     */
    public void check(Project project, Path stackDir, Sandbox files, List<Map.Entry<String, String>> keptWritable) {
        if (this == PERMISSIVE) {
            return;
        }
        List<String> refused = new ArrayList<>();
        for (Service s : project.services().values()) {
            String p = "services." + s.name();
            if (s.privileged()) {
                refused.add(p + ".privileged: privileged containers are not allowed");
            }
            if ("host".equals(s.networkMode())) {
                refused.add(p + ".network_mode: the host network is not allowed");
            }
            if ("host".equals(s.pid()) || s.pid() != null && s.pid().startsWith("container:")) {
                refused.add(p + ".pid: " + s.pid() + " (another PID namespace) is not allowed");
            }
            if ("host".equals(s.ipc()) || s.ipc() != null && s.ipc().startsWith("container:")) {
                refused.add(p + ".ipc: " + s.ipc() + " (another IPC namespace) is not allowed");
            }
            if (s.networkMode() != null && s.networkMode().startsWith("container:")) {
                refused.add(p + ".network_mode: joining a container outside the stack is not allowed");
            }
            for (String cap : s.capAdd()) {
                String name = cap.toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
                if (!SAFE_CAPABILITIES.contains(name)) {
                    refused.add(p + ".cap_add: capability " + cap + " is not allowed");
                }
            }
            if (!s.devices().isEmpty()) {
                refused.add(p + ".devices: device mappings are not allowed");
            }
            for (String opt : s.securityOpt()) {
                String o = opt.toLowerCase(Locale.ROOT).replace(':', '=');
                // A custom seccomp profile can allow every call ({"defaultAction":"SCMP_ACT_ALLOW"}), and label
                // disable switches SELinux confinement off: both are unconfined by another name.
                if (o.contains("unconfined") || o.startsWith("seccomp=") || o.equals("label=disable")
                        || o.startsWith("label=type")) {
                    refused.add(p + ".security_opt: " + opt + " is not allowed");
                }
            }
        }
        refused.addAll(outsideTheStackFolder(project, stackDir, files));
        project.volumes().forEach((key, v) -> {
            // The local driver's options can bind any host folder (type: none, o: bind, device: /).
            if (v.driver() != null && !v.driver().equals("local")) {
                refused.add("volumes." + key + ".driver: " + v.driver() + " is not allowed (local only)");
            } else if (!v.driverOpts().isEmpty()) {
                refused.add("volumes." + key + ".driver_opts: driver options (host binds, devices) are not allowed");
            }
        });
        project.networks().forEach((key, n) -> {
            // An external network named host is the host's network under another key.
            if ("host".equals(n.name())) {
                refused.add("networks." + key + ": the host network is not allowed");
            }
        });
        refused.addAll(sourcesInsideWritableFolders(project, stackDir, files, keptWritable));
        if (!refused.isEmpty()) {
            throw new ComposeException("AGENT_COMPOSE_POLICY is restricted: " + String.join("; ", refused));
        }
    }

    /**
     * The bind mounts, secret files and config files of a project that lie outside its stack folder, links in the
     * folder followed (the engine follows them when it mounts).
     *
     * @param project  the project
     * @param stackDir the stack folder as the engine sees it
     * @param files    the same folder as the agent sees it, or null when it does not exist yet
     * @return one line per such path, naming its key; empty when all lie inside
     */
    public static List<String> outsideTheStackFolder(Project project, Path stackDir, Sandbox files) {
        List<String> outside = new ArrayList<>();
        for (Service s : project.services().values()) {
            for (Service.Mount m : s.volumes()) {
                if ("bind".equals(m.type()) && !inside(m.source(), stackDir, files)) {
                    outside.add("services." + s.name() + ".volumes: bind mount of " + m.source()
                            + " is outside the stack folder");
                }
            }
        }
        project.secrets().forEach((key, o) -> {
            if (o.file() != null && !inside(o.file(), stackDir, files)) {
                outside.add("secrets." + key + ".file: " + o.file() + " is outside the stack folder");
            }
        });
        project.configs().forEach((key, o) -> {
            if (o.file() != null && !inside(o.file(), stackDir, files)) {
                outside.add("configs." + key + ".file: " + o.file() + " is outside the stack folder");
            }
        });
        return outside;
    }

    /**
     * The stack's volumes whose driver options could mount a folder or device of the host: the local driver's
     * {@code o: bind} (with {@code type: none} or any other) or a disk device, and any other driver's options, whose
     * meaning the agent cannot know. The local driver's memory ({@code tmpfs}) and network-share mounts are kept.
     *
     * @param project the project
     * @return one line for each such volume
     */
    public static List<String> volumesMountingTheHost(Project project) {
        List<String> refused = new ArrayList<>();
        project.volumes().forEach((key, v) -> {
            if (v.external() || v.driverOpts().isEmpty()) {
                return;
            }
            String where = "volumes." + key + ".driver_opts: ";
            if (v.driver() != null && !v.driver().equals("local")) {
                refused.add(where + "options of the " + v.driver() + " driver are not allowed");
                return;
            }
            String type = v.driverOpts().getOrDefault("type", "");
            boolean binds = Arrays.stream(v.driverOpts().getOrDefault("o", "").split(","))
                    .map(String::trim).anyMatch(o -> o.equals("bind") || o.equals("rbind"));
            if (binds || !LOCAL_MOUNTS_OFF_THE_HOST.contains(type)) {
                refused.add(where + "a mount of " + (type.isEmpty() ? "no type" : "type " + type)
                        + (binds ? " with o: bind" : "") + " can reach the host's folders or disks (only "
                        + String.join(", ", LOCAL_MOUNTS_OFF_THE_HOST.stream().sorted().toList())
                        + " without bind are allowed)");
            }
        });
        return refused;
    }

    /**
     * The bind sources, secret and config files that lie inside a folder some service mounts writable: that
     * service's container could replace one with a link to anywhere on the host before the engine mounts it for
     * another service (or at a restart), after the agent's own link check ran. A folder mounted writable by two
     * services is the same mount, not one inside the other.
     *
     * @param project      the project
     * @param stackDir     the stack folder as the engine sees it
     * @param files        the same folder as the agent sees it, or null when it does not exist yet
     * @param keptWritable folders that containers the deploy leaves running mount writable, each after what mounts it
     * @return one line per such source, naming its key and the folder; empty when none
     */
    public static List<String> sourcesInsideWritableFolders(Project project, Path stackDir, Sandbox files,
                                                            List<Map.Entry<String, String>> keptWritable) {
        List<String> refused = new ArrayList<>();
        List<Map.Entry<String, Path>> writable = new ArrayList<>();
        keptWritable.forEach(kept -> writable.add(Map.entry(kept.getKey() + ", which this deploy leaves running,",
                real(kept.getValue(), stackDir, files))));
        List<Map.Entry<String, Path>> sources = new ArrayList<>();
        for (Service s : project.services().values()) {
            for (Service.Mount m : s.volumes()) {
                if ("bind".equals(m.type()) && m.source() != null) {
                    Path source = real(m.source(), stackDir, files);
                    sources.add(Map.entry("services." + s.name() + ".volumes: " + m.source(), source));
                    if (!m.readOnly()) {
                        writable.add(Map.entry("services." + s.name(), source));
                    }
                }
            }
        }
        project.secrets().forEach((key, o) -> {
            if (o.file() != null) {
                sources.add(Map.entry("secrets." + key + ".file: " + o.file(), real(o.file(), stackDir, files)));
            }
        });
        project.configs().forEach((key, o) -> {
            if (o.file() != null) {
                sources.add(Map.entry("configs." + key + ".file: " + o.file(), real(o.file(), stackDir, files)));
            }
        });
        for (Map.Entry<String, Path> source : sources) {
            for (Map.Entry<String, Path> folder : writable) {
                if (!source.getValue().equals(folder.getValue()) && source.getValue().startsWith(folder.getValue())) {
                    refused.add(source.getKey() + " lies inside " + folder.getValue() + ", which " + folder.getKey()
                            + " mounts writable (its container could replace it with a link out of the stack "
                            + "folder); mount that folder read-only or keep the two apart");
                    break;
                }
            }
        }
        return refused;
    }

    /**
     * A path in the stack folder with the links in it followed (an alias planted there names the same folder),
     * written as the engine sees it; a path outside, or one that does not resolve, as written.
     */
    private static Path real(String path, Path dir, Sandbox files) {
        Path p = Path.of(path).normalize();
        Path d = dir.normalize();
        if (files == null || !p.startsWith(d) || p.equals(d)) {
            return p;
        }
        try {
            return d.resolve(files.root().relativize(files.resolve(d.relativize(p).toString())).toString());
        } catch (FileAccessException | IllegalArgumentException e) {
            return p;
        }
    }

    private static boolean inside(String path, Path dir, Sandbox files) {
        Path p = path == null ? null : Path.of(path).normalize();
        if (p == null || !p.startsWith(dir.normalize())) {
            return false;
        }
        if (p.equals(dir.normalize())) {
            return true;
        }
        if (files == null) {
            return true;
        }
        // The engine follows symbolic links when it mounts, so a link a container left in the stack folder must
        // not lead out of it: resolve the same path on the agent's side, component by component.
        try {
            files.resolve(dir.normalize().relativize(p).toString());
            return true;
        } catch (FileAccessException e) {
            return e.reason() == FileAccessException.Reason.NOT_FOUND;
        }
    }
}
