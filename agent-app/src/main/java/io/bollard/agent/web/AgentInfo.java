package io.bollard.agent.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * The answer of {@code GET /agent/info}.
 *
 * @param agentId       the agent's stable id
 * @param hostname      {@code AGENT_HOSTNAME}, or Docker's host name
 * @param version       the agent's version
 * @param dockerVersion Docker Engine's version; null while Docker does not answer
 * @param apiVersion    Docker Engine's API version; null while Docker does not answer
 * @param dockerReachable whether Docker answered
 * @param engineId      Docker's engine id (the same on cloned machines until its file is removed)
 * @param swarmNodeId   this node's swarm id, in swarm mode
 * @param tlsFingerprint the SHA-256 fingerprint of the listener's certificate, for pinning; null over plain HTTP
 * @param plugins       the plugins that are on
 * @param filter        the label filter in force; null for none
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record AgentInfo(String agentId, @Nullable String hostname, String version, @Nullable String dockerVersion,
                        @Nullable String apiVersion, boolean dockerReachable, @Nullable String engineId,
                        @Nullable String swarmNodeId, @Nullable String tlsFingerprint, List<PluginInfo> plugins,
                        @Nullable String filter) {

    /**
     * One plugin that is on.
     *
     * @param id          its id
     * @param description what it does
     * @param routes      the route prefixes it serves
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record PluginInfo(String id, String description, List<String> routes) {
    }
}
