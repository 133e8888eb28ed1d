package io.bollard.plugins.images.remove;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * What a prune freed.
 *
 * @param danglingOnly   whether only untagged images were removed
 * @param reclaimedBytes bytes freed
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PruneResult(boolean danglingOnly, long reclaimedBytes) {
}
