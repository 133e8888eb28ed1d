/**
 * Stacks as they are: list and inspect them ({@code GET /agent/docker/compose}), the agent's own and those Docker
 * Compose made, and stop or remove them; hidden by the agent's label filter like everything else.
 */
package io.bollard.plugins.compose.manage;
