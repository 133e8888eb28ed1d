/**
 * The host plugin: the Docker host's facts ({@code GET /agent/host/info}) and live resource use
 * ({@code GET /agent/host/stats}, WebSocket {@code /agent/host/stats/ws}), read with OSHI.
 */
package io.bollard.plugins.host;
