package io.bollard.plugins.containers.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A network a container is attached to.
 *
 * @param name      the network's name
 * @param ipAddress the container's IPv4 address on it, when it has one
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record NetworkView(String name, @Nullable String ipAddress) {
}
