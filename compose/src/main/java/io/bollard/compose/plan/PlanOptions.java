package io.bollard.compose.plan;

import java.util.Map;

/**
 * Choices a deploy makes beyond the file.
 *
 * @param removeOrphans remove containers of services no longer in the file
 * @param pull          pull every image even when present
 * @param inputs        each service's inputs hash ({@link ComposeLabels#INPUTS_HASH}); a container whose label
 *                      differs is recreated (one without the label, made before it existed, is not)
 */
public record PlanOptions(boolean removeOrphans, boolean pull, Map<String, String> inputs) {

    /** Makes a null map empty. */
    public PlanOptions {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }

    /**
     * Options without inputs hashes.
     *
     * @param removeOrphans remove containers of services no longer in the file
     * @param pull          pull every image even when present
     */
    public PlanOptions(boolean removeOrphans, boolean pull) {
        this(removeOrphans, pull, Map.of());
    }
}
