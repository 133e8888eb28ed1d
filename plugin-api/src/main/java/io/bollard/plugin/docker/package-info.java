/**
 * Shared Docker plumbing for plugins: mapping docker-java failures to API errors, and resolving a container
 * reference the way the label filter allows, and where Docker's endpoint is.
 */
package io.bollard.plugin.docker;
