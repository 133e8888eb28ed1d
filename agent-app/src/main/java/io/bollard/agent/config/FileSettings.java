package io.bollard.agent.config;

import java.nio.file.Path;

/**
 * The files plugin's settings.
 *
 * @param volumesDir where Docker's volumes folder is mounted in the agent's container ({@code AGENT_VOLUMES_DIR}),
 *                   or null when the agent sees Docker's own paths
 * @param maxUpload  the largest upload, bytes ({@code AGENT_FILES_MAX_UPLOAD}, default 1 GiB)
 * @param maxRead    the largest whole-file read, bytes ({@code AGENT_FILES_MAX_READ}, default 10 MiB)
 * @param maxEntries the most entries one archive may unpack ({@code AGENT_FILES_MAX_ENTRIES}, default 100 000)
 * @param readOnly   refuse every write ({@code AGENT_FILES_READ_ONLY})
 */
public record FileSettings(Path volumesDir, long maxUpload, long maxRead, int maxEntries, boolean readOnly) {
}
