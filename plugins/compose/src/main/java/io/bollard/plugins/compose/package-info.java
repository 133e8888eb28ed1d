/**
 * The compose plugin: deploy a stack from a Compose file sent by the server ({@code deploy}), and list, inspect, stop
 * and remove stacks, the agent's own and those Docker Compose made ({@code manage}); stack files and deploy records
 * are kept by {@code stack}. The work itself is the {@code compose} library's.
 */
package io.bollard.plugins.compose;
