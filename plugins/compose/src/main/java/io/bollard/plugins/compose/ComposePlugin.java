package io.bollard.plugins.compose;

import io.bollard.plugin.AgentPlugin;
import io.bollard.plugin.RequiresPlugin;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Describes the compose plugin ({@code agent.plugins.compose.enabled}) and names its settings.
 */
@Singleton
@RequiresPlugin(ComposePlugin.ID)
public class ComposePlugin implements AgentPlugin {

    /** The plugin id. */
    public static final String ID = "compose";

    /** The deploy routes. */
    public static final String DEPLOY = "/agent/docker/deploy";

    /** The stack routes. */
    public static final String STACKS = "/agent/docker/compose";

    /** Setting: {@code permissive} or {@code restricted} ({@code AGENT_COMPOSE_POLICY}). */
    public static final String POLICY = "agent.compose.policy";

    /** Setting: the stacks folder as the engine sees it, when not the agent's own path ({@code AGENT_STACKS_HOST_DIR}). */
    public static final String STACKS_HOST_DIR = "agent.compose.stacks-host-dir";

    /** Setting: longest wait for a dependency to be healthy or completed, seconds ({@code AGENT_COMPOSE_WAIT_SECONDS}). */
    public static final String WAIT_SECONDS = "agent.compose.wait-seconds";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Deploy, redeploy, stop, remove and list Compose stacks, with streamed progress";
    }

    @Override
    public List<String> routePrefixes() {
        return List.of(STACKS, DEPLOY);
    }
}
