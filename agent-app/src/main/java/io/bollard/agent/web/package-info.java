/**
 * The agent's own routes ({@code /agent/ping}, {@code /agent/info}) and the HTTP plumbing every route shares:
 * errors rendered as {@code {"error", "message"}}, and the WebSocket origin check.
 */
package io.bollard.agent.web;
