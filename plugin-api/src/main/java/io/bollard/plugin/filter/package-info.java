/**
 * The label filter ({@code DOCKER_FILTER}): what the agent may see, parsed once and enforced on every call.
 */
package io.bollard.plugin.filter;
