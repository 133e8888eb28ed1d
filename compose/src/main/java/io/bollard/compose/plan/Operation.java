package io.bollard.compose.plan;

/**
 * One step of a plan.
 *
 * @param kind        what to do
 * @param subject     what to do it to: a network, volume, image or container name
 * @param service     the service concerned, or null
 * @param number      the replica number for container steps, else 0
 * @param containerId the existing container for stop, remove, start and recreate; null for new ones
 * @param wave        the steps of one wave may run at the same time; a wave starts when the one before has ended
 * @param chain       within a wave, steps of the same chain run one after the other, in plan order
 */
public record Operation(Kind kind, String subject, String service, int number, String containerId, int wave,
                        String chain) {

    /** What a step does. */
    public enum Kind {
        /** Create a network. */
        CREATE_NETWORK("create network"),
        /** Create a volume. */
        CREATE_VOLUME("create volume"),
        /** Pull an image. */
        PULL_IMAGE("pull image"),
        /** Stop a container. */
        STOP_CONTAINER("stop container"),
        /** Remove a container; its anonymous volumes stay (as {@code docker compose down} without {@code -v}). */
        REMOVE_CONTAINER("remove container"),
        /** Remove a container and its anonymous volumes (a stack removed with its volumes). */
        REMOVE_CONTAINER_AND_VOLUMES("remove container", " with its anonymous volumes"),
        /** Create a container. */
        CREATE_CONTAINER("create container"),
        /** Replace a container with one made from the new configuration (the old one stays until the new exists). */
        RECREATE_CONTAINER("recreate container"),
        /** Start a container. */
        START_CONTAINER("start container"),
        /** Wait until a container is healthy. */
        WAIT_HEALTHY("wait healthy"),
        /** Wait until a container has exited with status 0. */
        WAIT_COMPLETED("wait completed"),
        /** Remove a network. */
        REMOVE_NETWORK("remove network"),
        /** Remove a volume. */
        REMOVE_VOLUME("remove volume");

        private final String text;
        private final String after;

        Kind(String text) {
            this(text, "");
        }

        Kind(String text, String after) {
            this.text = text;
            this.after = after;
        }

        /** @return the words a plan prints */
        public String text() {
            return text;
        }
    }

    /** @return the step as a plan prints it, for example {@code create container demo-web-1} */
    @Override
    public String toString() {
        return kind.text() + " " + subject + kind.after;
    }
}
