/**
 * The SPI a Bollard feature plugin implements: its descriptor, and the switch that turns it on or off.
 *
 * <p>A plugin is a set of beans (controllers, services) annotated with {@link io.bollard.plugin.RequiresPlugin}
 * plus one {@link io.bollard.plugin.AgentPlugin} bean that describes it. When the plugin is switched off, none of
 * these beans exist, so its routes answer 404.
 */
package io.bollard.plugin;
