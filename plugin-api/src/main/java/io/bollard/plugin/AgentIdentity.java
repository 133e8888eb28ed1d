package io.bollard.plugin;

/**
 * Who this agent is, for plugins that report it: its stable id and its version.
 */
public interface AgentIdentity {

    /**
     * The agent's id: a UUID created once and kept in the agent's data folder.
     *
     * @return the id
     */
    String id();

    /**
     * The agent's version.
     *
     * @return the version
     */
    String version();
}
