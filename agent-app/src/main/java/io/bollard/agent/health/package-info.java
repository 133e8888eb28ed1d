/**
 * The agent's health: the probe of its own listener that both the {@code healthcheck} command and the running
 * agent's health file use, and the writer of that file, which lets the image's health check skip a second JVM.
 */
package io.bollard.agent.health;
