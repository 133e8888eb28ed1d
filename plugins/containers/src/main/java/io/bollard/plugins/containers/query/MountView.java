package io.bollard.plugins.containers.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A mount of a container.
 *
 * @param type        bind, volume or tmpfs
 * @param name        the volume's name, for volumes
 * @param source      the path on the host
 * @param destination the path in the container
 * @param readOnly    whether it is mounted read-only
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MountView(@Nullable String type, @Nullable String name, @Nullable String source, String destination,
                        boolean readOnly) {
}
