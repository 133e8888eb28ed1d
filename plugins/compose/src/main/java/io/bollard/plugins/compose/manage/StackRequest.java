package io.bollard.plugins.compose.manage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of stop and remove.
 *
 * @param name    the stack
 * @param volumes remove: also remove the stack's named volumes and its folder (default false: both are kept)
 */
@Serdeable
public record StackRequest(@Nullable String name, @Nullable Boolean volumes) {
}
