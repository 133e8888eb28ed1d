package io.bollard.plugin;

import io.micronaut.context.condition.Condition;
import io.micronaut.context.condition.ConditionContext;
import io.micronaut.core.annotation.AnnotationMetadataProvider;

import java.util.Arrays;
import java.util.Optional;

/**
 * Decides whether a bean marked with {@link RequiresPlugin} may exist.
 *
 * <p>A plugin is on unless {@code agent.plugins.<id>.enabled} is {@code false}; when the allow-list
 * {@code agent.plugins-allow} is set, a plugin it does not name is off as well.
 */
public final class PluginEnabledCondition implements Condition {

    @Override
    public boolean matches(ConditionContext context) {
        AnnotationMetadataProvider component = context.getComponent();
        Optional<String> pluginId = component.getAnnotationMetadata().stringValue(RequiresPlugin.class);
        if (pluginId.isEmpty()) {
            context.fail("@RequiresPlugin without a plugin id");
            return false;
        }
        String id = pluginId.get();
        boolean enabled = context.getProperty(PluginConfigurationProperties.enabledKey(id), Boolean.class)
                .orElse(true);
        if (!enabled) {
            context.fail("plugin '" + id + "' is switched off by " + PluginConfigurationProperties.enabledKey(id));
            return false;
        }
        Optional<String> allow = context.getProperty(PluginConfigurationProperties.ALLOW_LIST, String.class);
        if (allow.isPresent() && !isListed(allow.get(), id)) {
            context.fail("plugin '" + id + "' is not in the allow-list " + allow.get());
            return false;
        }
        return true;
    }

    static boolean isListed(String allowList, String id) {
        return Arrays.stream(allowList.split(","))
                .map(String::trim)
                .anyMatch(id::equalsIgnoreCase);
    }
}
