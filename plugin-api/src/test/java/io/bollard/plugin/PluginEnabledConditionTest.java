package io.bollard.plugin;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginEnabledConditionTest {

    @Test
    void allowListNamesPluginsCaseInsensitively() {
        assertTrue(PluginEnabledCondition.isListed("containers, images", "images"));
        assertTrue(PluginEnabledCondition.isListed("Containers", "containers"));
        assertFalse(PluginEnabledCondition.isListed("containers", "images"));
        assertFalse(PluginEnabledCondition.isListed("", "containers"));
    }

    @Test
    void enabledKeyFollowsThePrefix() {
        assertEquals("agent.plugins.containers.enabled", PluginConfigurationProperties.enabledKey("containers"));
    }
}
