package io.bollard.agent.web;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import io.bollard.agent.config.AgentConfigurationProperties;
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
    private final DockerClient docker;
    private final List<AgentPlugin> plugins;
    private final LabelFilter filter;
    private final String configuredHostname;
    private volatile String dockerHostname;

    /**
     * @param identity           the agent's id and version
     * @param docker             the Docker client
     * @param plugins            the plugins that are on
     * @param filter             the filter in force
     * @param configuredHostname {@code AGENT_HOSTNAME}, if set
     */
    public AgentInfoController(AgentIdentity identity, DockerClient docker, List<AgentPlugin> plugins,
                               LabelFilter filter,
                               @Nullable @Property(name = AgentConfigurationProperties.HOSTNAME) String configuredHostname) {
        this.identity = identity;
        this.docker = docker;
        this.plugins = plugins;
        this.filter = filter;
        this.configuredHostname = configuredHostname;
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
        boolean reachable = true;
        try {
            Version v = docker.versionCmd().exec();
            dockerVersion = v.getVersion();
            apiVersion = v.getApiVersion();
            if (configuredHostname == null && dockerHostname == null) {
                dockerHostname = docker.infoCmd().exec().getName();
            }
        } catch (RuntimeException e) {
            reachable = false;
        }
        List<AgentInfo.PluginInfo> pluginInfos = plugins.stream()
                .sorted(Comparator.comparing(AgentPlugin::id))
                .map(p -> new AgentInfo.PluginInfo(p.id(), p.description(), p.routePrefixes()))
                .toList();
        String hostname = configuredHostname != null ? configuredHostname : dockerHostname;
        return new AgentInfo(identity.id(), hostname, identity.version(), dockerVersion, apiVersion, reachable,
                pluginInfos, filter.isEmpty() ? null : filter.toString());
    }
}
