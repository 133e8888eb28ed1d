package io.bollard.plugins.containers.edit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /agent/docker/containers/{id}}: every field is optional, and one that is given replaces
 * that setting whole.
 *
 * @param name          a new name
 * @param image         a new image reference (it must be on the host)
 * @param env           the environment, {@code KEY=value} each
 * @param labels        the labels
 * @param restartPolicy no, always, unless-stopped or on-failure[:N]
 * @param memoryLimit   memory limit in bytes, 0 for none
 * @param cpuLimit      CPU limit in CPUs (1.5 = one and a half), 0 for none
 * @param ports         published ports as {@code docker run -p} writes them: {@code [ip:]host:container[/proto]}
 * @param volumes       mounts as {@code docker run -v} writes them: {@code source:target[:ro]}
 * @param cmd           the command
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ContainerEditRequest(@Nullable String name, @Nullable String image, @Nullable List<String> env,
                                   @Nullable Map<String, String> labels, @Nullable String restartPolicy,
                                   @Nullable Long memoryLimit, @Nullable Double cpuLimit,
                                   @Nullable List<String> ports, @Nullable List<String> volumes,
                                   @Nullable List<String> cmd) {

    /**
     * Whether the request asks for anything.
     *
     * @return true when no field is given
     */
    public boolean isEmpty() {
        return name == null && image == null && env == null && labels == null && restartPolicy == null
                && memoryLimit == null && cpuLimit == null && ports == null && volumes == null && cmd == null;
    }
}
