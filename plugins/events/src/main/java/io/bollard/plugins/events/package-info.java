/**
 * The events plugin: Docker's events as NDJSON or WebSocket frames, limited to what the label filter lets the
 * agent see, shared by every follower through one upstream Docker stream that survives Docker restarts.
 */
package io.bollard.plugins.events;
