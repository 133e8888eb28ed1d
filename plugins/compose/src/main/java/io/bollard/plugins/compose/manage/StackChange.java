package io.bollard.plugins.compose.manage;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The answer of stop and remove.
 *
 * @param name       the stack
 * @param operations the steps done, as a plan prints them
 * @param warnings   what a removal left in place, and why (a network or volume other containers still use)
 */
@Serdeable
public record StackChange(String name, List<String> operations, List<String> warnings) {
}
