package io.bollard.plugins.images;

import io.bollard.plugin.AgentPlugin;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugins.images.pull.ImageReference;
import io.micronaut.http.HttpStatus;
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

    /**
     * Checks what a {@code {+ref}} route was given. That route also catches the other methods of the plugin's own
     * POST routes ({@code pull}, {@code prune}): those are 405, not image names (an image so named is
     * {@code pull:latest} there). Anything else must be an image id or reference.
     *
     * @param ref the path's rest
     * @return the ref
     * @throws ApiException 405 for a POST route's name, 400 for what is no id or reference
     */
    public static String checkedRef(String ref) {
        if ("pull".equals(ref) || "prune".equals(ref)) {
            throw new ApiException(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    ROUTE_PREFIX + "/" + ref + " takes POST only");
        }
        return ImageReference.requireNameOrId(ref);
    }

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
