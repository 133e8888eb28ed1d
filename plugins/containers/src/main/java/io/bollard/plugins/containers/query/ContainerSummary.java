package io.bollard.plugins.containers.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/**
 * A container as {@code GET /agent/docker/containers} lists it.
 *
 * @param id            full id
 * @param name          name without Docker's leading slash
 * @param image         the image as the container was created from it
 * @param status        Docker's human status, such as {@code Up 5 minutes}
 * @param state         created, running, paused, restarting, removing, exited or dead
 * @param ports         its ports
 * @param created       creation time, ISO-8601
 * @param restartPolicy no, always, unless-stopped or on-failure[:N]; from an inspect kept up to 10 s, left out when
 *                      Docker failed that inspect
 * @param networks      the networks it is attached to
 * @param labels        its labels
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ContainerSummary(String id, String name, String image, @Nullable String status, String state,
                               List<PortView> ports, String created, @Nullable String restartPolicy,
                               List<NetworkView> networks, Map<String, String> labels) {
}
