/**
 * The agent's Docker transport: one docker-java client over the configured endpoint, shared by every plugin.
 */
package io.bollard.agent.docker;
