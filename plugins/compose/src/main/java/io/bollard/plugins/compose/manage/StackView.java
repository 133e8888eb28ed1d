package io.bollard.plugins.compose.manage;

import io.bollard.plugins.compose.stack.DeployOutcome;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * A stack as the routes show it.
 *
 * @param name       the stack (Compose project) name
 * @param status     {@code running} (every container runs, jobs that others wait on to complete aside, and every
 *                   service the last deploy meant to run has one), {@code partial} or {@code stopped}
 * @param source     {@code agent} when the agent deployed it, {@code external} when Compose or another tool did
 * @param services   its services
 * @param compose    the stored Compose file (one stack only; null in lists and for external stacks)
 * @param files      the stack's files the last deploy wrote (one stack only)
 * @param lastDeploy the last deploy's outcome (one stack only)
 * @param deploying  a deploy of it is running now
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record StackView(String name, String status, String source, List<ServiceView> services,
                        @Nullable String compose, @Nullable List<String> files, @Nullable DeployOutcome lastDeploy,
                        boolean deploying) {

    /**
     * A service of a stack.
     *
     * @param name       the service
     * @param state      {@code running}, {@code partial}, {@code stopped}, {@code completed} (a job others wait
     *                   on with {@code service_completed_successfully}, all its containers exited 0), or
     *                   {@code missing} (the last deploy meant to run it, and it has no container)
     * @param containers its containers
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ServiceView(String name, String state, List<ContainerView> containers) {
    }

    /**
     * A container of a service.
     *
     * @param id     container id
     * @param name   container name
     * @param state  Docker's state: running, exited, ...
     * @param status Docker's status text
     * @param number the replica number
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ContainerView(String id, String name, String state, String status, int number) {
    }
}
