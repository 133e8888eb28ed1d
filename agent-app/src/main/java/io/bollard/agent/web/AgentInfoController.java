package io.bollard.agent.web;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.identity.DockerIdentity;
import io.bollard.plugin.AgentIdentity;
import io.bollard.plugin.AgentPlugin;
import io.bollard.plugin.filter.LabelFilter;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.Comparator;
import java.util.List;

/**
 * {@code GET /agent/info}: who the agent is, which Docker it drives, which plugins are on and what it may see.
 */
@Controller("/agent/info")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AgentInfoController {

    private final AgentIdentity identity;
    private final DockerIdentity dockerIdentity;
    private final DockerClient docker;
    private final List<AgentPlugin> plugins;
    private final LabelFilter filter;
    private final String tlsFingerprint;

    /**
     * @param identity       the agent's id and version
     * @param dockerIdentity the host's name and Docker's ids
     * @param docker         the Docker client
     * @param plugins        the plugins that are on
     * @param filter         the filter in force
     * @param tlsFingerprint the listener certificate's fingerprint, when TLS is on
     */
    public AgentInfoController(AgentIdentity identity, DockerIdentity dockerIdentity, DockerClient docker,
                               List<AgentPlugin> plugins, LabelFilter filter,
                               @Nullable @Property(name = AgentConfigurationProperties.TLS_FINGERPRINT)
                               String tlsFingerprint) {
        this.identity = identity;
        this.dockerIdentity = dockerIdentity;
        this.docker = docker;
        this.plugins = plugins;
        this.filter = filter;
        this.tlsFingerprint = tlsFingerprint;
    }

    /**
     * Describes the agent.
     *
     * @return the description
     */
    @Get
    public AgentInfo info() {
        String dockerVersion = null;
        String apiVersion = null;
        try {
            Version v = docker.versionCmd().exec();
            dockerVersion = v.getVersion();
            apiVersion = v.getApiVersion();
        } catch (RuntimeException e) {
            // Reported as docker_reachable: false.
        }
        DockerIdentity.Facts facts = dockerIdentity.read();
        return new AgentInfo(identity.id(), facts.hostname(), identity.version(), dockerVersion, apiVersion,
                facts.reachable() && dockerVersion != null, facts.engineId(), facts.swarmNodeId(), tlsFingerprint,
                pluginInfos(plugins), filter.isEmpty() ? null : filter.toString());
    }

    /**
     * The plugins that are on, by id.
     *
     * @param plugins the plugin beans
     * @return their descriptions
     */
    public static List<AgentInfo.PluginInfo> pluginInfos(List<AgentPlugin> plugins) {
        return plugins.stream()
                .sorted(Comparator.comparing(AgentPlugin::id))
                .map(p -> new AgentInfo.PluginInfo(p.id(), p.description(), p.routePrefixes()))
                .toList();
    }
}
