package io.bollard.plugins.images.remove;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The body of {@code POST /agent/docker/images/prune}.
 *
 * @param danglingOnly true (the default) removes only untagged images; false removes every image no container
 *                     uses
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PruneRequest(@Nullable Boolean danglingOnly) {
}
