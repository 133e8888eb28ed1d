package io.bollard.plugin;

import io.micronaut.context.annotation.Requires;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a bean as part of the named plugin, so that it exists only while that plugin is switched on.
 *
 * <p>Put it on every controller, WebSocket and service of a plugin. See {@link PluginEnabledCondition} for the
 * rules.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Requires(condition = PluginEnabledCondition.class)
public @interface RequiresPlugin {

    /**
     * The plugin id.
     *
     * @return the id
     */
    String value();
}
