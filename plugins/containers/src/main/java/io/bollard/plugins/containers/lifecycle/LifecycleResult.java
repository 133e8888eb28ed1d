package io.bollard.plugins.containers.lifecycle;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The answer to start, stop, restart and remove.
 *
 * @param id      the container's full id
 * @param action  what was asked: start, stop, restart or remove
 * @param state   the container's state afterwards ({@code removed} after remove)
 * @param changed false when the container already was in the asked state (start of a running container, stop of
 *                a stopped one)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record LifecycleResult(String id, String action, String state, boolean changed) {
}
