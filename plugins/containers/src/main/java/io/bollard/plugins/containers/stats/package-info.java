/**
 * Container resource use: one sample over HTTP, or a sample a second over WebSocket, computed as
 * {@code docker stats} computes it.
 */
package io.bollard.plugins.containers.stats;
