package io.bollard.plugins.containers.edit;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * The answer to an edit.
 *
 * @param id         the new container's id
 * @param name       its name
 * @param previousId the id of the container it replaced (now removed)
 * @param state      its state: running when the old one ran, created otherwise
 * @param warnings   what the edit could not do as asked (empty when none): an upgrade from an image that is no
 *                   longer on the host keeps that image's defaults as the container's own
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ContainerEditResult(String id, String name, String previousId, String state,
                                  List<String> warnings) {
}
