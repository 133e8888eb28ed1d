package io.bollard.plugins.images.list;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * An image as {@code GET /agent/docker/images} lists it.
 *
 * @param id         the image id ({@code sha256:...})
 * @param repoTags   every {@code repo:tag} it carries; empty for a dangling image
 * @param repo       the repository of its first tag, {@code <none>} when it has none
 * @param tag        the tag of its first tag, {@code <none>} when it has none
 * @param size       its size in bytes
 * @param created    creation time, ISO-8601
 * @param containers how many containers the agent may see use it
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ImageSummary(String id, List<String> repoTags, String repo, String tag, long size,
                           @Nullable String created, int containers) {
}
