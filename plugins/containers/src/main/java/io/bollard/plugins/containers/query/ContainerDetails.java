package io.bollard.plugins.containers.query;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/**
 * One container as {@code GET /agent/docker/containers/{id}} shows it: the list fields, the ones a server edits,
 * and Docker's whole inspect document under {@code raw}.
 *
 * @param id            full id
 * @param name          name without the leading slash
 * @param image         the image as the container was created from it
 * @param status        as Docker's list writes it, such as {@code Up 5 minutes (healthy)}
 * @param state         created, running, paused, restarting, removing, exited or dead
 * @param ports         its ports
 * @param created       creation time, ISO-8601
 * @param restartPolicy no, always, unless-stopped or on-failure[:N]
 * @param networks      the networks it is attached to
 * @param labels        its labels
 * @param env           its environment, {@code KEY=value}
 * @param mounts        its mounts
 * @param networkMode   Docker's network mode
 * @param memoryLimit   memory limit in bytes, 0 for none
 * @param nanoCpus      CPU limit in billionths of a CPU, 0 for none
 * @param raw           Docker's inspect document, unchanged
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ContainerDetails(String id, String name, String image, @Nullable String status, String state,
                               List<PortView> ports, String created, String restartPolicy,
                               List<NetworkView> networks, Map<String, String> labels, List<String> env,
                               List<MountView> mounts, @Nullable String networkMode, long memoryLimit,
                               long nanoCpus, Map<String, Object> raw) {
}
