package io.bollard.compose.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the engine has of a project, and which of the images and external objects the project names exist.
 *
 * @param containers the project's containers ({@code oneoff} ones excluded)
 * @param networks   names of existing networks the project names
 * @param volumes    names of existing volumes the project names
 * @param images     the ids of the project's images present on the engine, by reference as the file writes it
 */
public record ObservedState(List<ObservedContainer> containers, Set<String> networks, Set<String> volumes,
                            Map<String, String> images) {

    /** An engine with nothing of the project. */
    public static final ObservedState EMPTY = new ObservedState(List.of(), Set.of(), Set.of(), Map.of());

    /** Copies the collections. */
    public ObservedState {
        containers = List.copyOf(containers);
        networks = Set.copyOf(networks);
        volumes = Set.copyOf(volumes);
        images = Map.copyOf(images);
    }
}
