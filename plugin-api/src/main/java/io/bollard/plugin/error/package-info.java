/**
 * The agent's error model: every failure a caller sees is {@code {"error": code, "message": text}} with an HTTP
 * status, never a stack trace.
 */
package io.bollard.plugin.error;
