package io.bollard.plugins.files;

import io.bollard.plugin.AgentPlugin;
import io.bollard.plugin.RequiresPlugin;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Describes the files plugin ({@code agent.plugins.files.enabled}) and names its settings.
 */
@Singleton
@RequiresPlugin(FilesPlugin.ID)
public class FilesPlugin implements AgentPlugin {

    /** The plugin id. */
    public static final String ID = "files";

    /** The files routes. */
    public static final String FILES = "/agent/docker/files";

    /** The volumes route. */
    public static final String VOLUMES = "/agent/docker/volumes";

    /** Setting: largest upload, bytes ({@code AGENT_FILES_MAX_UPLOAD}). */
    public static final String MAX_UPLOAD = "agent.files.max-upload";

    /** Setting: largest whole-file read, bytes ({@code AGENT_FILES_MAX_READ}). */
    public static final String MAX_READ = "agent.files.max-read";

    /** Setting: most entries one archive may unpack ({@code AGENT_FILES_MAX_ENTRIES}). */
    public static final String MAX_ENTRIES = "agent.files.max-entries";

    /** Setting: refuse every write ({@code AGENT_FILES_READ_ONLY}). */
    public static final String READ_ONLY = "agent.files.read-only";

    /** Setting: where Docker's volumes folder is mounted in the agent's container ({@code AGENT_VOLUMES_DIR}). */
    public static final String VOLUMES_DIR = "agent.files.volumes-dir";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Browse and edit files in volumes, stack folders and containers, sandboxed";
    }

    @Override
    public List<String> routePrefixes() {
        return List.of(VOLUMES, FILES, "/agent/docker/containers/{id}/files/write");
    }
}
