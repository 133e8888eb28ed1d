/**
 * Reading images: {@code GET /agent/docker/images} and {@code GET /agent/docker/images/{ref}}.
 */
package io.bollard.plugins.images.list;
