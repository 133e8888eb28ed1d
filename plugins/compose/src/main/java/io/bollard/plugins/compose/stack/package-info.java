/**
 * Stack storage: each stack's files under {@code AGENT_DATA_DIR/stacks/<name>/}, written atomically and sandboxed, and
 * a record of its last deploy under {@code AGENT_DATA_DIR/compose/<name>.json}.
 */
package io.bollard.plugins.compose.stack;
