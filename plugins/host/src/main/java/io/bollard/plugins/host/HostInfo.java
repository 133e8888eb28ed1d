package io.bollard.plugins.host;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The Docker host's facts, as {@code GET /agent/host/info} answers them.
 *
 * @param hostname      the host's name, as Docker reports it
 * @param os            the operating system, such as {@code Debian GNU/Linux 12 (bookworm)}
 * @param kernel        the kernel version
 * @param architecture  the CPU architecture, such as {@code x86_64}
 * @param cpus          CPUs Docker may use
 * @param memoryTotal   memory in bytes
 * @param dockerVersion Docker Engine's version
 * @param apiVersion    Docker Engine's API version
 * @param storageDriver Docker's storage driver, such as {@code overlay2}
 * @param dockerRootDir Docker's data folder
 * @param engineId      Docker's engine id
 * @param swarmNodeId   this node's id in swarm mode, else null
 * @param swarmRole     {@code manager} or {@code worker} in swarm mode, else null
 * @param agentVersion  the agent's version
 * @param agentId       the agent's id
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record HostInfo(@Nullable String hostname, @Nullable String os, @Nullable String kernel,
                       @Nullable String architecture, int cpus, long memoryTotal, @Nullable String dockerVersion,
                       @Nullable String apiVersion, @Nullable String storageDriver, @Nullable String dockerRootDir,
                       @Nullable String engineId, @Nullable String swarmNodeId, @Nullable String swarmRole,
                       String agentVersion, String agentId) {
}
