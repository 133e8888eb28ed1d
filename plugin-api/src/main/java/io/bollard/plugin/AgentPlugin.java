package io.bollard.plugin;

import java.util.List;

/**
 * Describes one feature plugin to the agent: its id, what it does and the route prefixes it serves.
 *
 * <p>Implementations are beans annotated with {@link RequiresPlugin} carrying the same id, so a plugin that is
 * switched off is also missing from {@code GET /agent/info}.
 */
public interface AgentPlugin {

    /**
     * The plugin's id: lowercase letters, digits and dashes, as used in {@code agent.plugins.<id>.enabled} and in
     * {@code AGENT_PLUGINS}.
     *
     * @return the id
     */
    String id();

    /**
     * A one-line description for operators.
     *
     * @return the description
     */
    String description();

    /**
     * The route prefixes (and WebSocket paths) this plugin contributes, for {@code GET /agent/info}.
     *
     * @return the prefixes
     */
    List<String> routePrefixes();
}
