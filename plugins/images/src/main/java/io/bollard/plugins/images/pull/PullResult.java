package io.bollard.plugins.images.pull;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The answer of a pull that is not streamed.
 *
 * @param status {@code pulled}
 * @param id     the image id
 * @param image  the reference that was pulled
 */
@Serdeable
public record PullResult(String status, String id, String image) {
}
