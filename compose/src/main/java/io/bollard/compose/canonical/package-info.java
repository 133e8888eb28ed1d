/**
 * Canonicalising: every short form of the merged tree rewritten to its long form (ports, volumes, environment,
 * depends_on, command, env_file, sizes, durations, ...), then bound to the {@link io.bollard.compose.model} records,
 * with an unknown key an error that names it.
 */
package io.bollard.compose.canonical;
