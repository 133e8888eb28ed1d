package io.bollard.plugins.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.Map;

/**
 * One event as followers receive it.
 *
 * @param type     Docker's object type (container, image, network, volume, daemon, ...), or {@code agent} for the
 *                 agent's own notices ({@code docker-disconnected}, {@code docker-reconnected})
 * @param action   what happened, such as {@code start} or {@code exec_create: sh}
 * @param id       the object's id (for images, its name)
 * @param name     the object's name, when it has one
 * @param labels   the object's labels (for containers, as Docker attaches them to the event)
 * @param time     when it happened, RFC 3339 with nanoseconds
 * @param timeNano when it happened, nanoseconds since the epoch (for resuming)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record AgentEvent(String type, String action, @Nullable String id, @Nullable String name,
                         Map<String, String> labels, String time, long timeNano) {
}
