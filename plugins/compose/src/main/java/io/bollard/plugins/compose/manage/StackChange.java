package io.bollard.plugins.compose.manage;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * The answer of stop and remove.
 *
 * @param name       the stack
 * @param operations the steps done, as a plan prints them
 */
@Serdeable
public record StackChange(String name, List<String> operations) {
}
