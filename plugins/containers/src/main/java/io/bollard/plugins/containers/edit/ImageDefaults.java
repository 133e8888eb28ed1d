package io.bollard.plugins.containers.edit;

import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a container inherited from its image, so that an image change does not carry the old image's defaults
 * (command, entrypoint, environment, labels, stop signal, health check, exposed ports) over to the new one as if
 * the user had set them.
 */
final class ImageDefaults {

    /** No image known: nothing is treated as inherited. */
    static final ImageDefaults NONE = new ImageDefaults(null, null, Set.of(), Map.of(), null, null, null, null,
            Set.of());

    final List<String> cmd;
    final List<String> entrypoint;
    final Set<String> env;
    final Map<String, String> labels;
    final String workingDir;
    final String user;
    final String stopSignal;
    final HealthCheck healthcheck;
    final Set<ExposedPort> exposedPorts;

    private ImageDefaults(List<String> cmd, List<String> entrypoint, Set<String> env, Map<String, String> labels,
                          String workingDir, String user, String stopSignal, HealthCheck healthcheck,
                          Set<ExposedPort> exposedPorts) {
        this.cmd = cmd;
        this.entrypoint = entrypoint;
        this.env = env;
        this.labels = labels;
        this.workingDir = workingDir;
        this.user = user;
        this.stopSignal = stopSignal;
        this.healthcheck = healthcheck;
        this.exposedPorts = exposedPorts;
    }

    static ImageDefaults of(InspectImageResponse image) {
        ContainerConfig c = image == null ? null : image.getConfig();
        if (c == null) {
            return NONE;
        }
        return new ImageDefaults(list(c.getCmd()), list(c.getEntrypoint()),
                c.getEnv() == null ? Set.of() : new HashSet<>(Arrays.asList(c.getEnv())),
                c.getLabels() == null ? Map.of() : c.getLabels(), c.getWorkingDir(), c.getUser(), stopSignal(c),
                c.getHealthcheck(),
                c.getExposedPorts() == null ? Set.of() : new HashSet<>(Arrays.asList(c.getExposedPorts())));
    }

    /**
     * A container's or image's stop signal: a field docker-java does not model, kept among its raw values.
     *
     * @param c the config
     * @return the signal, or null when none is set
     */
    static String stopSignal(ContainerConfig c) {
        return c != null && c.getRawValues().get("StopSignal") instanceof String s && !s.isEmpty() ? s : null;
    }

    /** The container's stop signal, or null when it is the image's own (so the new image's applies). */
    String ownStopSignal(String value) {
        return value == null || Objects.equals(value, stopSignal) && this != NONE ? null : value;
    }

    /** The container's value, or null when it is the image's own (so the new image's default applies). */
    List<String> own(String[] value, List<String> imageValue) {
        List<String> v = list(value);
        return v == null || Objects.equals(v, imageValue) && this != NONE ? null : v;
    }

    /** The container's health check, or null when it is the image's own (so the new image's applies). */
    HealthCheck ownHealthcheck(HealthCheck value) {
        // docker-java's HealthCheck compares every field (test, interval, timeout, retries, start period and interval).
        return value == null || this != NONE && value.equals(healthcheck) ? null : value;
    }

    /**
     * The container's exposed ports without those only its image exposed; a port the container publishes stays.
     *
     * @param value     the container's exposed ports
     * @param published the ports it publishes
     * @return the ports the container itself exposes
     */
    List<ExposedPort> ownExposedPorts(ExposedPort[] value, Set<ExposedPort> published) {
        if (value == null) {
            return new ArrayList<>();
        }
        return new ArrayList<>(Arrays.stream(value)
                .filter(p -> !exposedPorts.contains(p) || published.contains(p)).toList());
    }

    List<String> ownEnv(String[] value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value).filter(e -> !env.contains(e)).toList();
    }

    Map<String, String> ownLabels(Map<String, String> value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value != null) {
            value.forEach((k, v) -> {
                if (!Objects.equals(labels.get(k), v)) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    private static List<String> list(String[] a) {
        return a == null ? null : List.of(a);
    }
}
