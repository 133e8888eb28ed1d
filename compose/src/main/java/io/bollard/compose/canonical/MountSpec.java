package io.bollard.compose.canonical;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Compose's short volume syntax, {@code [source:]target[:options]}, as a long-form mapping: a source that starts
 * with {@code /}, {@code .} or {@code ~} is a bind mount (created when missing, as the short form does), another
 * source is a named volume, no source is an anonymous volume.
 */
public final class MountSpec {

    private static final Set<String> PROPAGATION = Set.of("shared", "slave", "private", "rshared", "rslave",
            "rprivate");

    private MountSpec() {
    }

    /**
     * Parses a short volume.
     *
     * @param text for example {@code ./config:/etc/app:ro}
     * @return the long form
     * @throws IllegalArgumentException when it is not a volume
     */
    public static Map<String, Object> parse(String text) {
        String[] parts = text.split(":", -1);
        String source = null;
        String target;
        String options = null;
        if (parts.length == 1) {
            target = parts[0];
        } else if (parts.length == 2 && isOptions(parts[1])) {
            target = parts[0];
            options = parts[1];
        } else if (parts.length == 2) {
            source = parts[0];
            target = parts[1];
        } else if (parts.length == 3) {
            source = parts[0];
            target = parts[1];
            options = parts[2];
        } else {
            throw new IllegalArgumentException("'" + text + "' is not a volume such as data:/var/lib/data:ro");
        }
        if (target.isEmpty() || !target.startsWith("/")) {
            throw new IllegalArgumentException("'" + text + "': the container path must be absolute");
        }
        Map<String, Object> mount = new LinkedHashMap<>();
        boolean bind = source != null && (source.startsWith("/") || source.startsWith(".") || source.startsWith("~"));
        mount.put("type", bind ? "bind" : "volume");
        if (source != null && !source.isEmpty()) {
            mount.put("source", source);
        }
        mount.put("target", target);
        Map<String, Object> bindOptions = new LinkedHashMap<>();
        if (bind) {
            bindOptions.put("create_host_path", true);
        }
        if (options != null) {
            for (String option : options.split(",")) {
                switch (option) {
                    case "ro" -> mount.put("read_only", true);
                    case "rw", "z", "Z", "" -> {
                        // rw is the default; SELinux relabelling is left to the engine's defaults.
                    }
                    case "nocopy" -> mount.put("volume", Map.of("nocopy", true));
                    default -> {
                        if (!PROPAGATION.contains(option) || !bind) {
                            throw new IllegalArgumentException("'" + text + "': unknown volume option '" + option + "'");
                        }
                        bindOptions.put("propagation", option);
                    }
                }
            }
        }
        if (!bindOptions.isEmpty()) {
            mount.put("bind", bindOptions);
        }
        return mount;
    }

    private static boolean isOptions(String value) {
        for (String option : value.split(",")) {
            if (!Set.of("ro", "rw", "z", "Z", "nocopy").contains(option) && !PROPAGATION.contains(option)) {
                return false;
            }
        }
        return true;
    }
}
