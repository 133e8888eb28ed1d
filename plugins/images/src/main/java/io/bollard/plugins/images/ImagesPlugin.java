package io.bollard.plugins.images;

import io.bollard.plugin.AgentPlugin;
import io.bollard.plugin.RequiresPlugin;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * Describes the images plugin ({@code agent.plugins.images.enabled}).
 */
@Singleton
@RequiresPlugin(ImagesPlugin.ID)
public class ImagesPlugin implements AgentPlugin {

    /** The plugin id. */
    public static final String ID = "images";

    /** Every route of the plugin starts with this. */
    public static final String ROUTE_PREFIX = "/agent/docker/images";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "List, inspect, pull (streamed progress, per-request credentials), remove and prune images";
    }

    @Override
    public List<String> routePrefixes() {
        return List.of(ROUTE_PREFIX);
    }
}
