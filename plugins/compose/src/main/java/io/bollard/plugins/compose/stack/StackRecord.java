package io.bollard.plugins.compose.stack;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/**
 * What the agent keeps of a stack it deployed, beside its files: the variables and choices of the last deploy, so
 * that the stack can be loaded again (to stop it with its grace periods), and that deploy's outcome.
 *
 * @param name          the stack name
 * @param files         the stack's files, by relative path, that the deploy wrote
 * @param env           the request's variables (the record is readable by the agent only)
 * @param removeOrphans the last deploy's choice
 * @param lastDeploy    the last deploy's outcome
 * @param services      the services the last deploy meant to run (those its profiles enable, with replicas), so a
 *                      service it never made shows as missing; null in records written before it was kept
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record StackRecord(String name, List<String> files, Map<String, String> env, boolean removeOrphans,
                          @Nullable DeployOutcome lastDeploy, @Nullable List<String> services) {

    /**
     * @param outcome a new outcome
     * @return this record with it
     */
    public StackRecord with(DeployOutcome outcome) {
        return new StackRecord(name, files, env, removeOrphans, outcome, services);
    }

    @Override
    public String toString() {
        // Variables often hold passwords: never print them.
        return "StackRecord[name=" + name + ", files=" + files + "]";
    }
}
