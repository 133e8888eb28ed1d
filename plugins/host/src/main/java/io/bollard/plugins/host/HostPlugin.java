package io.bollard.plugins.host;

import io.bollard.plugin.AgentPlugin;
import io.bollard.plugin.RequiresPlugin;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Describes the host plugin ({@code agent.plugins.host.enabled}).
 */
@Singleton
@RequiresPlugin(HostPlugin.ID)
public class HostPlugin implements AgentPlugin {

    /** The plugin id. */
    public static final String ID = "host";

    /** Every route of the plugin starts with this. */
    public static final String ROUTE_PREFIX = "/agent/host";

    /** Where the host's {@code /proc} is mounted when the agent runs in a container; absent means {@code /proc}. */
    public static final String PROC_PATH = "agent.host.proc-path";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "The host's facts and live resource use";
    }

    @Override
    public List<String> routePrefixes() {
        return List.of(ROUTE_PREFIX + "/info", ROUTE_PREFIX + "/stats", ROUTE_PREFIX + "/stats/ws");
    }
}
