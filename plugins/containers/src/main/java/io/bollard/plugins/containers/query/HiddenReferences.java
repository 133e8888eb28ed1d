package io.bollard.plugins.containers.query;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes the ids and names of containers the label filter hides out of a visible container's details. A visible
 * container can join a hidden one's namespaces ({@code --network container:X}, {@code --pid}, {@code --ipc}), take
 * its volumes ({@code --volumes-from}) or link to it; Docker's inspect answer then names the hidden container, and
 * its id also appears in paths such as {@code HostnamePath}. Each such mention becomes {@value #HIDDEN}.
 */
final class HiddenReferences {

    /** What a hidden container's id or name is replaced with. */
    static final String HIDDEN = "hidden";

    /** The host config's keys that name other containers. */
    private static final List<String> REFERENCE_KEYS = List.of("NetworkMode", "PidMode", "IpcMode", "VolumesFrom",
            "Links");

    private final VisibleContainers visible;
    private final DockerClient docker;

    HiddenReferences(VisibleContainers visible, DockerClient docker) {
        this.visible = visible;
        this.docker = docker;
    }

    /**
     * The details without mentions of hidden containers; unchanged without a filter or without such references.
     *
     * @param inspected Docker's inspect answer for the visible container
     * @param details   its details
     * @return the details to show
     */
    ContainerDetails redact(InspectContainerResponse inspected, ContainerDetails details) {
        if (visible.filter().isEmpty()) {
            return details;
        }
        Set<String> names = new LinkedHashSet<>();
        List<String> ids = hiddenIds(referenced(inspected), names);
        if (ids.isEmpty() && names.isEmpty()) {
            return details;
        }
        // Ids are long random hex, safe to replace anywhere (paths hold them); names only where Docker puts the
        // references, since a short name could be part of any value.
        List<String> idsAndNames = new ArrayList<>(ids);
        idsAndNames.addAll(names);
        longestFirst(idsAndNames);
        Map<String, Object> raw = castMap(scrub(details.raw(), ids));
        if (raw.get("HostConfig") instanceof Map<?, ?> host) {
            Map<String, Object> hostConfig = castMap(host);
            for (String key : REFERENCE_KEYS) {
                if (hostConfig.containsKey(key)) {
                    hostConfig.put(key, scrub(hostConfig.get(key), idsAndNames));
                }
            }
        }
        return new ContainerDetails(details.id(), details.name(), details.image(), details.status(), details.state(),
                details.ports(), details.created(), details.restartPolicy(), details.networks(), details.labels(),
                details.env(), details.mounts(), (String) scrub(details.networkMode(), idsAndNames),
                details.memoryLimit(), details.nanoCpus(), raw);
    }

    private static void longestFirst(List<String> mentions) {
        mentions.sort((a, b) -> b.length() - a.length());
    }

    /** The containers the inspect answer names in namespace modes, volumes-from and links. */
    private static Set<String> referenced(InspectContainerResponse i) {
        Set<String> out = new LinkedHashSet<>();
        var host = i.getHostConfig();
        if (host == null) {
            return out;
        }
        for (String mode : new String[]{host.getNetworkMode(), host.getPidMode(), host.getIpcMode()}) {
            if (mode != null && mode.startsWith("container:")) {
                out.add(mode.substring("container:".length()));
            }
        }
        if (host.getVolumesFrom() != null) {
            for (var from : host.getVolumesFrom()) {
                out.add(from.getContainer());
            }
        }
        if (host.getLinks() != null) {
            for (var link : host.getLinks()) {
                out.add(link.getName());
            }
        }
        return out;
    }

    /** The full and short ids of the referenced containers that are hidden; their names (as referred to) go to names. */
    private List<String> hiddenIds(Set<String> references, Set<String> names) {
        Set<String> mentions = new LinkedHashSet<>();
        for (String reference : references) {
            String ref = reference.startsWith("/") ? reference.substring(1) : reference;
            try {
                visible.inspect(ref);
                continue; // visible: it may be named
            } catch (ApiException hiddenOrGone) {
                // hidden, or gone: find what names it
            }
            names.add(ref);
            try {
                InspectContainerResponse hidden = docker.inspectContainerCmd(ref).exec();
                mentions.add(hidden.getId());
                mentions.add(hidden.getId().substring(0, 12));
                if (hidden.getName() != null) {
                    names.add(hidden.getName().replaceFirst("^/", ""));
                }
            } catch (NotFoundException gone) {
                // nothing more to hide than the reference itself
            }
        }
        List<String> ids = new ArrayList<>(mentions);
        longestFirst(ids);
        return ids;
    }

    private static Object scrub(Object value, List<String> mentions) {
        if (value instanceof String s) {
            String out = s;
            for (String mention : mentions) {
                out = out.replace(mention, HIDDEN);
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), scrub(v, mentions)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(scrub(v, mentions)));
            return out;
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object map) {
        return (Map<String, Object>) map;
    }
}
