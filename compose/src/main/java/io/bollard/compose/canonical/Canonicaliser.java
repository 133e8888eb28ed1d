package io.bollard.compose.canonical;

import io.bollard.compose.ComposeException;
import io.bollard.compose.interpolate.DotEnv;
import io.bollard.compose.read.RawDocument;
import io.bollard.compose.read.RawMerger;
import io.bollard.compose.read.SourceMap;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rewrites a merged Compose tree into its long form, key by key, so that binding sees one shape per key: ports,
 * volumes, environment (with {@code env_file} merged in), labels, depends_on, networks, command and entrypoint,
 * healthcheck, devices, ulimits, extra_hosts, sizes and durations. Adds the {@code default} network when a service
 * needs it and fills in the engine names of networks and volumes ({@code <project>_<key>}). {@code x-} keys go.
 */
public final class Canonicaliser {

    private static final Set<String> SIZE_KEYS = Set.of("shm_size", "mem_limit", "memswap_limit", "mem_reservation");
    private static final Set<String> LIST_KEYS = Set.of("dns", "dns_search", "tmpfs", "cap_add", "cap_drop",
            "security_opt", "profiles", "expose");

    private final String project;
    private final Map<String, String> variables;
    private final EnvFileReader envFiles;
    private final Path hostDir;
    private SourceMap lines;

    /**
     * @param project   the project name
     * @param variables variables, for {@code environment} entries written without a value
     * @param envFiles  reads {@code env_file} files
     * @param hostDir   the stack folder as the engine sees it, for relative bind mounts and secret files
     */
    public Canonicaliser(String project, Map<String, String> variables, EnvFileReader envFiles, Path hostDir) {
        this.project = project;
        this.variables = variables;
        this.envFiles = envFiles;
        this.hostDir = hostDir;
    }

    /**
     * Canonicalises a document.
     *
     * @param doc the merged, interpolated document
     * @return the long-form tree, ready to bind
     */
    public Map<String, Object> canonicalise(RawDocument doc) {
        this.lines = doc.lines();
        Map<String, Object> root = withoutExtensions(doc.root());
        root.remove("version"); // obsolete: Compose ignores it too
        // Compose takes the project's name from the file; here the stack's name is the project's, so another one
        // would be dropped without a word.
        Object named = root.get("name");
        if (named != null && !project.equals(String.valueOf(named))) {
            throw fail("name", "'" + named + "' is not this stack's name, " + project + " (the request's name names "
                    + "the project; leave name out or give the same)");
        }
        root.put("name", project);
        boolean needsDefault = false;
        Map<String, Object> services = new TreeMap<>();
        for (Map.Entry<String, Object> e : map(root.get("services"), "services").entrySet()) {
            String path = "services." + e.getKey();
            Map<String, Object> service = service(e.getKey(), map(e.getValue(), path), path);
            if (usesDefaultNetwork(service)) {
                needsDefault = true;
                // A service that names no network joins the default one, as Compose writes it.
                service.putIfAbsent("networks", new TreeMap<>(Map.of("default", new LinkedHashMap<>())));
            }
            services.put(e.getKey(), service);
        }
        root.put("services", services);
        Map<String, Object> networks = new LinkedHashMap<>(map(root.get("networks"), "networks"));
        if (needsDefault) {
            networks.putIfAbsent("default", null);
        }
        root.put("networks", objects(networks, "networks"));
        root.put("volumes", objects(root.get("volumes"), "volumes"));
        root.put("secrets", files(root.get("secrets"), "secrets"));
        root.put("configs", files(root.get("configs"), "configs"));
        return root;
    }

    private Map<String, Object> service(String name, Map<String, Object> raw, String path) {
        Map<String, Object> s = withoutExtensions(raw);
        if (s.containsKey("name")) {
            throw fail(path + ".name", "not a service key");
        }
        if (s.containsKey("build")) {
            throw fail(path + ".build", "not supported: the agent deploys images; build and push the image, "
                    + "then name it in image:");
        }
        s.put("name", name);
        for (String key : List.copyOf(s.keySet())) {
            String p = path + "." + key;
            Object v = s.get(key);
            if (v == null && !key.equals("command") && !key.equals("entrypoint")) {
                s.remove(key);
                continue;
            }
            try {
                switch (key) {
                    case "command", "entrypoint" -> s.put(key, v instanceof String text ? ShellWords.split(text)
                            : strings(v, p));
                    case "environment" -> s.put(key, environment(v, p));
                    case "labels", "sysctls" -> s.put(key, stringMap(v, p));
                    case "ports" -> s.put(key, ports(v, p));
                    case "volumes" -> s.put(key, volumes(v, p));
                    case "networks" -> s.put(key, attachments(v, p));
                    case "depends_on" -> s.put(key, dependsOn(v, p));
                    case "healthcheck" -> s.put(key, healthcheck(map(v, p), p));
                    case "extra_hosts" -> s.put(key, extraHosts(v, p));
                    case "devices" -> s.put(key, devices(v, p));
                    case "ulimits" -> s.put(key, ulimits(v, p));
                    case "stop_grace_period" -> s.put(key, Units.nanos(v));
                    case "restart" -> s.put(key, v instanceof Boolean b && !b ? "no" : String.valueOf(v));
                    case "secrets", "configs" -> s.put(key, grants(v, p));
                    case "deploy" -> s.put(key, deploy(map(v, p), p));
                    case "logging" -> s.put(key, logging(map(v, p), p));
                    case "cpus" -> s.put(key, Double.parseDouble(String.valueOf(v)));
                    default -> {
                        if (SIZE_KEYS.contains(key)) {
                            s.put(key, Units.bytes(v));
                        } else if (LIST_KEYS.contains(key)) {
                            s.put(key, v instanceof List<?> ? strings(v, p) : List.of(String.valueOf(v)));
                        }
                    }
                }
            } catch (IllegalArgumentException e) {
                throw fail(p, e.getMessage());
            }
        }
        Object envFile = s.remove("env_file");
        if (envFile != null) {
            Map<String, Object> env = new TreeMap<>(envFromFiles(envFile, path + ".env_file"));
            @SuppressWarnings("unchecked")
            Map<String, Object> own = (Map<String, Object>) s.getOrDefault("environment", Map.of());
            env.putAll(own);
            s.put("environment", env);
        }
        return s;
    }

    private static boolean usesDefaultNetwork(Map<String, Object> service) {
        if (service.get("network_mode") != null) {
            return false;
        }
        Object networks = service.get("networks");
        return networks == null || ((Map<?, ?>) networks).isEmpty() || ((Map<?, ?>) networks).containsKey("default");
    }

    private Map<String, Object> environment(Object v, String path) {
        Map<String, Object> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : keyed(v, path).entrySet()) {
            if (e.getValue() != null) {
                out.put(e.getKey(), scalar(e.getValue()));
            } else if (variables.containsKey(e.getKey())) {
                // "- NAME" without a value takes it from the variables, as Compose takes it from the shell.
                out.put(e.getKey(), variables.get(e.getKey()));
            }
        }
        return out;
    }

    private Map<String, String> envFromFiles(Object v, String path) {
        List<Object> entries = v instanceof List<?> list ? new ArrayList<>(list) : List.of(v);
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String p = entries.size() == 1 && !(v instanceof List<?>) ? path : SourceMap.element(path, i);
            Object entry = entries.get(i);
            String file;
            boolean required = true;
            if (entry instanceof Map<?, ?> m) {
                Map<String, Object> e = map(entry, p);
                for (String k : e.keySet()) {
                    if (!Set.of("path", "required", "format").contains(k)) {
                        throw fail(p + "." + k, "unknown env_file key '" + k + "'");
                    }
                }
                file = e.get("path") == null ? null : String.valueOf(e.get("path"));
                required = !Boolean.FALSE.equals(e.get("required")) && !"false".equals(String.valueOf(e.get("required")));
                if (m.containsKey("format") && !"dotenv".equals(String.valueOf(e.get("format")))) {
                    throw fail(p + ".format", "only the dotenv format is supported");
                }
            } else {
                file = entry == null ? null : String.valueOf(entry);
            }
            if (file == null || file.isBlank()) {
                throw fail(p, "env_file needs a path");
            }
            var text = envFiles.read(file);
            if (text.isEmpty()) {
                if (required) {
                    throw fail(p, "env file " + file + " not found (send it in files, or mark it required: false)");
                }
                continue;
            }
            DotEnv.parse(file, text.get(), variables).forEach((k, val) -> {
                if (val != null) {
                    out.put(k, val);
                } else if (variables.containsKey(k)) {
                    out.put(k, variables.get(k));
                }
            });
        }
        return out;
    }

    private List<Object> ports(Object v, String path) {
        List<Object> out = new ArrayList<>();
        List<?> items = list(v, path);
        for (int i = 0; i < items.size(); i++) {
            String p = SourceMap.element(path, i);
            Object item = items.get(i);
            if (item instanceof Map<?, ?>) {
                Map<String, Object> port = new LinkedHashMap<>(map(item, p));
                if (port.get("published") != null) {
                    port.put("published", String.valueOf(port.get("published")));
                }
                port.putIfAbsent("protocol", "tcp");
                out.add(port);
            } else if (item instanceof Number || item instanceof String) {
                try {
                    out.addAll(PortSpec.parse(String.valueOf(item)));
                } catch (IllegalArgumentException e) {
                    throw fail(p, e.getMessage());
                }
            } else {
                throw fail(p, "a port is a number, a string such as \"8080:80/udp\", or a mapping");
            }
        }
        return out;
    }

    private List<Object> volumes(Object v, String path) {
        List<Object> out = new ArrayList<>();
        List<?> items = list(v, path);
        for (int i = 0; i < items.size(); i++) {
            String p = SourceMap.element(path, i);
            Object item = items.get(i);
            Map<String, Object> mount;
            if (item instanceof String text) {
                try {
                    mount = MountSpec.parse(text);
                } catch (IllegalArgumentException e) {
                    throw fail(p, e.getMessage());
                }
            } else if (item instanceof Map<?, ?>) {
                mount = new LinkedHashMap<>(map(item, p));
                Object tmpfs = mount.get("tmpfs");
                if (tmpfs instanceof Map<?, ?> t && t.get("size") != null) {
                    Map<String, Object> copy = new LinkedHashMap<>(map(tmpfs, p + ".tmpfs"));
                    copy.put("size", Units.bytes(t.get("size")));
                    mount.put("tmpfs", copy);
                }
            } else {
                throw fail(p, "a volume is a string such as data:/var/lib/data:ro, or a mapping");
            }
            if ("bind".equals(mount.get("type")) && mount.get("source") != null) {
                String source = String.valueOf(mount.get("source"));
                if (source.startsWith("~")) {
                    throw fail(p, "'~' has no meaning on the agent: give an absolute path or one relative to the stack");
                }
                mount.put("source", hostDir.resolve(source).normalize().toString());
            }
            out.add(mount);
        }
        return out;
    }

    private Map<String, Object> attachments(Object v, String path) {
        Map<String, Object> out = new TreeMap<>();
        if (v instanceof List<?> list) {
            for (Object name : list) {
                out.put(String.valueOf(name), new LinkedHashMap<>());
            }
            return out;
        }
        map(v, path).forEach((k, a) -> out.put(k, a == null ? new LinkedHashMap<>() : map(a, path + "." + k)));
        return out;
    }

    private Map<String, Object> dependsOn(Object v, String path) {
        Map<String, Object> out = new TreeMap<>();
        if (v instanceof List<?> list) {
            for (Object name : list) {
                out.put(String.valueOf(name), new LinkedHashMap<>(Map.of("condition", "service_started")));
            }
            return out;
        }
        map(v, path).forEach((k, d) -> {
            Map<String, Object> dep = d == null ? new LinkedHashMap<>() : new LinkedHashMap<>(map(d, path + "." + k));
            dep.putIfAbsent("condition", "service_started");
            out.put(k, dep);
        });
        return out;
    }

    private Map<String, Object> healthcheck(Map<String, Object> v, String path) {
        Map<String, Object> h = new LinkedHashMap<>(v);
        Object test = h.get("test");
        if (test instanceof String text) {
            h.put("test", List.of("CMD-SHELL", text));
        } else if (test != null) {
            h.put("test", strings(test, path + ".test"));
        }
        for (String key : List.of("interval", "timeout", "start_period", "start_interval")) {
            if (h.get(key) != null) {
                try {
                    h.put(key, Units.nanos(h.get(key)));
                } catch (IllegalArgumentException e) {
                    throw fail(path + "." + key, e.getMessage());
                }
            }
        }
        if (Boolean.TRUE.equals(h.get("disable"))) {
            h.put("test", List.of("NONE"));
        }
        return h;
    }

    private List<String> extraHosts(Object v, String path) {
        List<String> out = new ArrayList<>();
        if (v instanceof Map<?, ?>) {
            map(v, path).forEach((host, ip) -> out.add(host + ":" + scalar(ip)));
        } else {
            for (String entry : strings(v, path)) {
                int eq = entry.indexOf('=');
                out.add(eq < 0 ? entry : entry.substring(0, eq) + ":" + entry.substring(eq + 1));
            }
        }
        return out;
    }

    private List<Object> devices(Object v, String path) {
        List<Object> out = new ArrayList<>();
        for (Object item : list(v, path)) {
            if (item instanceof Map<?, ?>) {
                out.add(item);
                continue;
            }
            String[] parts = String.valueOf(item).split(":");
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("source", parts[0]);
            d.put("target", parts.length > 1 ? parts[1] : parts[0]);
            d.put("permissions", parts.length > 2 ? parts[2] : "rwm");
            out.add(d);
        }
        return out;
    }

    private Map<String, Object> ulimits(Object v, String path) {
        Map<String, Object> out = new TreeMap<>();
        map(v, path).forEach((name, limit) -> {
            if (limit instanceof Number n) {
                out.put(name, Map.of("soft", n.longValue(), "hard", n.longValue()));
            } else {
                out.put(name, limit);
            }
        });
        return out;
    }

    private List<Object> grants(Object v, String path) {
        List<Object> out = new ArrayList<>();
        for (Object item : list(v, path)) {
            out.add(item instanceof String name ? Map.of("source", name) : item);
        }
        return out;
    }

    private Map<String, Object> deploy(Map<String, Object> v, String path) {
        Map<String, Object> d = withoutExtensions(v);
        if (d.get("resources") instanceof Map<?, ?> r) {
            Map<String, Object> resources = new LinkedHashMap<>(map(r, path + ".resources"));
            for (String kind : List.of("limits", "reservations")) {
                if (resources.get(kind) instanceof Map<?, ?> l) {
                    Map<String, Object> limits = new LinkedHashMap<>(map(l, path + ".resources." + kind));
                    try {
                        if (limits.get("memory") != null) {
                            limits.put("memory", Units.bytes(limits.get("memory")));
                        }
                        if (limits.get("cpus") != null) {
                            limits.put("cpus", Double.parseDouble(String.valueOf(limits.get("cpus"))));
                        }
                    } catch (IllegalArgumentException e) {
                        throw fail(path + ".resources." + kind, e.getMessage());
                    }
                    resources.put(kind, limits);
                }
            }
            d.put("resources", resources);
        }
        return d;
    }

    private Map<String, Object> logging(Map<String, Object> v, String path) {
        Map<String, Object> l = new LinkedHashMap<>(v);
        if (l.get("options") != null) {
            l.put("options", stringMap(l.get("options"), path + ".options"));
        }
        return l;
    }

    /** Top-level networks or volumes, with the engine names filled in. */
    private Map<String, Object> objects(Object v, String path) {
        Map<String, Object> out = new TreeMap<>();
        if (v == null) {
            return out;
        }
        map(v, path).forEach((key, value) -> {
            String p = path + "." + key;
            Map<String, Object> o = value == null ? new LinkedHashMap<>() : withoutExtensions(map(value, p));
            Object external = o.get("external");
            if (external instanceof Map<?, ?> legacy) {
                // external: {name: x}, the version 3 form.
                if (legacy.get("name") != null) {
                    o.putIfAbsent("name", String.valueOf(legacy.get("name")));
                }
                o.put("external", true);
            }
            boolean isExternal = Boolean.TRUE.equals(o.get("external"));
            o.putIfAbsent("name", isExternal ? key : project + "_" + key);
            if (o.get("labels") != null) {
                o.put("labels", stringMap(o.get("labels"), p + ".labels"));
            }
            if (o.get("driver_opts") != null) {
                o.put("driver_opts", stringMap(o.get("driver_opts"), p + ".driver_opts"));
            }
            out.put(key, o);
        });
        return out;
    }

    /** Top-level secrets or configs, with relative files resolved against the stack folder. */
    private Map<String, Object> files(Object v, String path) {
        Map<String, Object> out = new TreeMap<>();
        if (v == null) {
            return out;
        }
        map(v, path).forEach((key, value) -> {
            String p = path + "." + key;
            Map<String, Object> o = new LinkedHashMap<>(withoutExtensions(map(value, p)));
            o.putIfAbsent("name", project + "_" + key);
            if (o.get("file") != null) {
                o.put("file", hostDir.resolve(String.valueOf(o.get("file"))).normalize().toString());
            }
            out.put(key, o);
        });
        return out;
    }

    private Map<String, Object> stringMap(Object v, String path) {
        Map<String, Object> out = new TreeMap<>();
        keyed(v, path).forEach((k, val) -> out.put(k, val == null ? "" : scalar(val)));
        return out;
    }

    private Map<String, Object> keyed(Object v, String path) {
        return v instanceof List<?> ? RawMerger.keyed(v) : map(v, path);
    }

    private List<String> strings(Object v, String path) {
        List<String> out = new ArrayList<>();
        for (Object item : list(v, path)) {
            out.add(scalar(item));
        }
        return out;
    }

    private List<?> list(Object v, String path) {
        if (v instanceof List<?> list) {
            return list;
        }
        throw fail(path, "expected a list");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object v, String path) {
        if (v == null) {
            return new LinkedHashMap<>();
        }
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw fail(path, "expected a mapping");
    }

    private static String scalar(Object v) {
        return String.valueOf(v);
    }

    private static Map<String, Object> withoutExtensions(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!k.startsWith("x-")) {
                out.put(k, v);
            }
        });
        return out;
    }

    private ComposeException fail(String path, String problem) {
        return ComposeException.at(path, lines.locate(path), problem);
    }
}
