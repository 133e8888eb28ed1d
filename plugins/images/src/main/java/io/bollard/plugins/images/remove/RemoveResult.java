package io.bollard.plugins.images.remove;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The answer of an image removal.
 *
 * @param id      what was asked to be removed
 * @param status  {@code removed}
 * @param imageId the image's id, {@code sha256:...}
 * @param deleted whether the image itself is gone; false when only the tag asked for went (the image keeps
 *                other tags)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record RemoveResult(String id, String status, String imageId, boolean deleted) {
}
