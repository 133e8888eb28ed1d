/**
 * The agent's own state in {@code AGENT_DATA_DIR}: written so that a crash or a full disk never leaves a
 * half-written file in place.
 */
package io.bollard.agent.storage;
