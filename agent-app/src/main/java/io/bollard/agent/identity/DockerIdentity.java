package io.bollard.agent.identity;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import io.bollard.agent.config.AgentConfigurationProperties;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

/**
 * What identifies this host on Docker's side: the name the agent reports ({@code AGENT_HOSTNAME}, else Docker's
 * host name), Docker's engine id and, in swarm mode, the node id.
 */
@Singleton
public class DockerIdentity {

    private final DockerClient docker;
    private final String configuredHostname;

    /**
     * @param docker             the Docker client
     * @param configuredHostname {@code AGENT_HOSTNAME}, if set
     */
    public DockerIdentity(DockerClient docker,
                          @Nullable @Property(name = AgentConfigurationProperties.HOSTNAME) String configuredHostname) {
        this.docker = docker;
        this.configuredHostname = configuredHostname;
    }

    /**
     * Reads Docker's side now.
     *
     * @return the facts; Docker's are null while it does not answer
     */
    public Facts read() {
        try {
            Info info = docker.infoCmd().exec();
            String node = info.getSwarm() == null || info.getSwarm().getNodeID() == null
                    || info.getSwarm().getNodeID().isEmpty() ? null : info.getSwarm().getNodeID();
            return new Facts(configuredHostname != null ? configuredHostname : info.getName(), info.getId(), node, true);
        } catch (RuntimeException dockerAway) {
            return new Facts(configuredHostname, null, null, false);
        }
    }

    /**
     * Docker's side of the identity.
     *
     * @param hostname    the name the agent reports
     * @param engineId    Docker's engine id
     * @param swarmNodeId the swarm node id, in swarm mode
     * @param reachable   whether Docker answered
     */
    public record Facts(@Nullable String hostname, @Nullable String engineId, @Nullable String swarmNodeId,
                        boolean reachable) {
    }
}
