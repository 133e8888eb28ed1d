package io.bollard.agent.config;

import java.nio.file.Path;

/**
 * The compose plugin's settings.
 *
 * @param policy        {@code AGENT_COMPOSE_POLICY}: {@code permissive} (default, like Docker Compose) or
 *                      {@code restricted}
 * @param stacksHostDir {@code AGENT_STACKS_HOST_DIR}: where the engine sees {@code AGENT_DATA_DIR/stacks}, when the
 *                      agent runs in a container that mounts it elsewhere; null when the paths are the same
 * @param waitSeconds   {@code AGENT_COMPOSE_WAIT_SECONDS}: longest wait for a dependency to be healthy or completed
 */
public record ComposeSettings(String policy, Path stacksHostDir, int waitSeconds) {
}
