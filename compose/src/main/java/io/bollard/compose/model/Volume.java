package io.bollard.compose.model;

import java.util.Map;

/**
 * A top-level named volume.
 *
 * @param name       the engine's name for it ({@code <project>_<key>} unless given or external)
 * @param driver     the driver, null for {@code local}
 * @param driverOpts driver options
 * @param external   made outside the project; never created nor removed by the agent
 * @param labels     labels
 */
public record Volume(String name, String driver, Map<String, String> driverOpts, boolean external,
                     Map<String, String> labels) {

    /** Makes null maps empty. */
    public Volume {
        driverOpts = Models.map(driverOpts);
        labels = Models.map(labels);
    }
}
