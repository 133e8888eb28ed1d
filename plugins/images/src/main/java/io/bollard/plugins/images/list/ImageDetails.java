package io.bollard.plugins.images.list;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/**
 * One image as {@code GET /agent/docker/images/{ref}} shows it, with Docker's inspect document under {@code raw}.
 *
 * @param id           the image id
 * @param repoTags     its tags
 * @param repoDigests  its registry digests
 * @param size         its size in bytes
 * @param created      creation time as Docker writes it
 * @param architecture its CPU architecture
 * @param os           its operating system
 * @param containers   how many containers the agent may see use it
 * @param raw          Docker's inspect document (with a label filter, without the id of the container the image
 *                     was committed from)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ImageDetails(String id, List<String> repoTags, List<String> repoDigests, long size,
                           @Nullable String created, @Nullable String architecture, @Nullable String os,
                           int containers, Map<String, Object> raw) {
}
