package io.bollard.plugins.containers.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * One published or exposed port of a container.
 *
 * @param ip          host address it is published on, when published
 * @param privatePort the port inside the container
 * @param publicPort  the host port, when published
 * @param type        tcp, udp or sctp
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record PortView(@Nullable String ip, int privatePort, @Nullable Integer publicPort, String type) {
}
