/**
 * Container logs: demultiplexed, split into lines, decoded as valid UTF-8, and streamed as plain text, NDJSON or
 * WebSocket frames; a follow ends, and its Docker stream closes, when the client goes away.
 */
package io.bollard.plugins.containers.logs;
