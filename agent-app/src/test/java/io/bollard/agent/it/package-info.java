/**
 * Integration tests: the agent started as operators start it (from environment variables), called over HTTP and
 * WebSocket as a server calls it, against a real Docker Engine.
 */
package io.bollard.agent.it;
