/**
 * Plugin loading and description: jars from {@code AGENT_PLUGINS_DIR} join the class path before the context
 * starts, and {@code GET /agent/info} lists the plugins that are on.
 */
package io.bollard.agent.plugins;
