package io.bollard.plugins.compose.deploy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * A deploy's answer, and the last line of its stream.
 *
 * @param step       always {@code deploy}, so a stream reader tells it from the steps before
 * @param status     {@code done} or {@code error}
 * @param message    a summary
 * @param time       ISO-8601
 * @param name       the stack
 * @param operations the steps done
 * @param warnings   loading warnings
 * @param failedStep the step that failed, or null
 * @param error      {@code deploy_failed} when the deploy failed, {@code deploy_interrupted} when the agent stopped
 *                   during it (the plain route's error code), else null
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DeployResult(String step, String status, String message, String time, String name,
                           List<String> operations, List<String> warnings, @Nullable String failedStep,
                           @Nullable String error) {

    /** The error code of a failed deploy. */
    public static final String FAILED = "deploy_failed";

    /** The error code of a deploy the agent's stop cut off. */
    public static final String INTERRUPTED = "deploy_interrupted";
}
