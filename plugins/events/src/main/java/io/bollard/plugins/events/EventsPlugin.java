package io.bollard.plugins.events;

import io.bollard.plugin.AgentPlugin;
import io.bollard.plugin.RequiresPlugin;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Describes the events plugin ({@code agent.plugins.events.enabled}).
 */
@Singleton
@RequiresPlugin(EventsPlugin.ID)
public class EventsPlugin implements AgentPlugin {

    /** The plugin id. */
    public static final String ID = "events";

    /** The route. */
    public static final String ROUTE = "/agent/docker/events";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "A live, filtered stream of Docker events that survives Docker restarts";
    }

    @Override
    public List<String> routePrefixes() {
        return List.of(ROUTE, ROUTE + "/ws");
    }
}
