package io.bollard.compose.plan;

/**
 * The labels and names Docker Compose v2 gives what it creates, so that Compose and the agent see each other's
 * stacks.
 */
public final class ComposeLabels {

    /** The project a container, network or volume belongs to. */
    public static final String PROJECT = "com.docker.compose.project";
    /** The service a container runs. */
    public static final String SERVICE = "com.docker.compose.service";
    /** The replica number, from 1. */
    public static final String CONTAINER_NUMBER = "com.docker.compose.container-number";
    /** {@code True} for {@code compose run} containers. */
    public static final String ONEOFF = "com.docker.compose.oneoff";
    /** The hash of the service's configuration the container was made from. */
    public static final String CONFIG_HASH = "com.docker.compose.config-hash";
    /**
     * The agent's own hash of what a service's containers take from outside its own keys (the Docker names of its
     * networks and volumes, the bytes of the single files it mounts): a change there recreates them too.
     */
    public static final String INPUTS_HASH = "io.bollard.compose.inputs-hash";
    /** The project folder. */
    public static final String WORKING_DIR = "com.docker.compose.project.working_dir";
    /** The Compose files, comma-separated. */
    public static final String CONFIG_FILES = "com.docker.compose.project.config_files";
    /** The version of the tool that made the object. */
    public static final String VERSION = "com.docker.compose.version";
    /** {@code service:condition:restart} entries, comma-separated. */
    public static final String DEPENDS_ON = "com.docker.compose.depends_on";
    /** The image a container was made from, as the file names it. */
    public static final String IMAGE = "com.docker.compose.image";
    /** A network's key in the file. */
    public static final String NETWORK = "com.docker.compose.network";
    /** A volume's key in the file. */
    public static final String VOLUME = "com.docker.compose.volume";
    /** What the agent writes as {@link #VERSION}. */
    public static final String AGENT_VERSION = "0.1.0-bollard";

    private ComposeLabels() {
    }

    /**
     * A container's name as Compose v2 makes it.
     *
     * @param project the project
     * @param service the service
     * @param number  the replica number
     * @return {@code <project>-<service>-<number>}
     */
    public static String containerName(String project, String service, int number) {
        return project + "-" + service + "-" + number;
    }
}
