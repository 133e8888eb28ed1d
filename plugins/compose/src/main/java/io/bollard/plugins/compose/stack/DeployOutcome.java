package io.bollard.plugins.compose.stack;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * How a stack's last deploy went.
 *
 * @param status     {@code running}, {@code done} or {@code failed}
 * @param operations the steps done, as the plan prints them
 * @param failedStep the step that failed, or null
 * @param error      the engine's message for it, or null
 * @param warnings   loading warnings, such as variables without a value
 * @param startedAt  ISO-8601
 * @param finishedAt ISO-8601, or null while running
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DeployOutcome(String status, List<String> operations, @Nullable String failedStep,
                            @Nullable String error, List<String> warnings, String startedAt,
                            @Nullable String finishedAt) {
}
