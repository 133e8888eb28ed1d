package io.bollard.plugins.containers;

import io.bollard.plugin.AgentPlugin;
import io.bollard.plugin.RequiresPlugin;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Describes the containers plugin ({@code agent.plugins.containers.enabled}).
 */
@Singleton
@RequiresPlugin(ContainersPlugin.ID)
public class ContainersPlugin implements AgentPlugin {

    /** The plugin id. */
    public static final String ID = "containers";

    /** Every route of the plugin starts with this. */
    public static final String ROUTE_PREFIX = "/agent/docker/containers";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "List, inspect, start, stop, restart, remove and edit containers; follow their logs and stats";
    }

    @Override
    public List<String> routePrefixes() {
        return List.of(ROUTE_PREFIX, ROUTE_PREFIX + "/{id}/logs/ws", ROUTE_PREFIX + "/{id}/stats/ws");
    }
}
