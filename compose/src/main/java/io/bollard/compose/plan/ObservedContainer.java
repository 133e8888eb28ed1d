package io.bollard.compose.plan;

/**
 * A container of the project as the engine reports it.
 *
 * @param id         container id
 * @param name       container name, without the leading slash
 * @param service    its service label
 * @param number     its container-number label
 * @param configHash its config-hash label
 * @param imageId    the id of the image it runs
 * @param state      {@code running}, {@code exited}, {@code created}, ...
 * @param health     {@code healthy}, {@code unhealthy}, {@code starting}, or null without a healthcheck
 * @param dependsOn  the services its service depends on, from its {@code depends_on} label
 * @param inputsHash its {@link ComposeLabels#INPUTS_HASH} label, or null (made by Compose, or by an older agent)
 */
public record ObservedContainer(String id, String name, String service, int number, String configHash, String imageId,
                                String state,
                                String health, java.util.List<String> dependsOn, String inputsHash) {

    /**
     * A container without an inputs hash.
     *
     * @param id         container id
     * @param name       container name
     * @param service    its service label
     * @param number     its container-number label
     * @param configHash its config-hash label
     * @param imageId    the id of the image it runs
     * @param state      its state
     * @param health     its health, or null
     * @param dependsOn  the services its service depends on
     */
    public ObservedContainer(String id, String name, String service, int number, String configHash, String imageId,
                             String state, String health, java.util.List<String> dependsOn) {
        this(id, name, service, number, configHash, imageId, state, health, dependsOn, null);
    }

    /** Copies the list. */
    public ObservedContainer {
        dependsOn = dependsOn == null ? java.util.List.of() : java.util.List.copyOf(dependsOn);
    }

    /** @return whether it runs */
    public boolean running() {
        return "running".equals(state) || "restarting".equals(state);
    }
}
