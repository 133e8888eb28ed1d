package io.bollard.plugins.images.remove;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The answer of an image removal.
 *
 * @param id     what was asked to be removed
 * @param status {@code removed}
 */
@Serdeable
public record RemoveResult(String id, String status) {
}
