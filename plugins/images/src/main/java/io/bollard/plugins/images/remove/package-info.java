/**
 * Removing images: {@code DELETE /agent/docker/images/{ref}} and {@code POST /agent/docker/images/prune}.
 */
package io.bollard.plugins.images.remove;
