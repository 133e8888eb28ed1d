/**
 * Reading containers: {@code GET /agent/docker/containers} and {@code GET /agent/docker/containers/{id}}, and the
 * JSON views they answer with.
 */
package io.bollard.plugins.containers.query;
