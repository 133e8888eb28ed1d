package io.bollard.plugin;

/**
 * Configuration keys that switch plugins on and off.
 *
 * <p>{@code agent.plugins.<id>.enabled=false} switches one plugin off; {@code agent.plugins-allow} (set from the
 * {@code AGENT_PLUGINS} environment variable) is an allow-list: when present, only the plugins it names load.
 */
public final class PluginConfigurationProperties {

    /** Prefix of every per-plugin key. */
    public static final String PREFIX = "agent.plugins";

    /** Suffix of the per-plugin switch: {@code agent.plugins.<id>.enabled}. */
    public static final String ENABLED_SUFFIX = ".enabled";

    /** Comma-separated allow-list of plugin ids; absent means every plugin not switched off loads. */
    public static final String ALLOW_LIST = "agent.plugins-allow";

    private PluginConfigurationProperties() {
    }

    /**
     * The key that switches the given plugin.
     *
     * @param pluginId the plugin id
     * @return {@code agent.plugins.<id>.enabled}
     */
    public static String enabledKey(String pluginId) {
        return PREFIX + "." + pluginId + ENABLED_SUFFIX;
    }
}
