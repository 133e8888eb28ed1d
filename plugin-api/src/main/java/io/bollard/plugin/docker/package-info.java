/**
 * Shared Docker plumbing for plugins: mapping docker-java failures to API errors, and resolving a container
 * reference the way the label filter allows.
 */
package io.bollard.plugin.docker;
