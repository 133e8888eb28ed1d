package io.bollard.compose.apply;

import com.github.dockerjava.api.model.AuthConfig;
import io.bollard.compose.model.Project;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What running a plan needs besides the plan.
 *
 * @param project       the project
 * @param workingDir    the stack folder as the engine sees it (the {@code working_dir} label)
 * @param configFiles   the Compose files' names (the {@code config_files} label)
 * @param extraLabels   labels every created container, network and volume also gets (the agent's filter labels)
 * @param registryAuths credentials by registry host ({@code docker.io} for Docker Hub)
 * @param waitLimit     longest wait for a dependency's condition
 * @param inputs        each service's inputs hash ({@link io.bollard.compose.plan.ComposeLabels#INPUTS_HASH}),
 *                      labelled on its containers and compared by the planner; empty when the caller has none
 * @param containerIds  the id to give Docker for a container a service joins ({@code network_mode}, {@code pid},
 *                      {@code ipc} as {@code container:X}): the caller's own lookup of X, so that Docker joins the
 *                      container the caller checked, not another one its own lookup finds first; X itself when null
 */
public record ApplyContext(Project project, String workingDir, List<String> configFiles,
                           Map<String, String> extraLabels, Map<String, AuthConfig> registryAuths,
                           Duration waitLimit, Map<String, String> inputs, UnaryOperator<String> containerIds) {

    /** Makes a null map empty and a null lookup the identity. */
    public ApplyContext {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        containerIds = containerIds == null ? UnaryOperator.identity() : containerIds;
    }

    /**
     * A context whose {@code container:X} references go to Docker as they are written.
     *
     * @param project       the project
     * @param workingDir    the stack folder as the engine sees it
     * @param configFiles   the Compose files' names
     * @param extraLabels   labels every created object also gets
     * @param registryAuths credentials by registry host
     * @param waitLimit     longest wait for a dependency's condition
     * @param inputs        each service's inputs hash
     */
    public ApplyContext(Project project, String workingDir, List<String> configFiles,
                        Map<String, String> extraLabels, Map<String, AuthConfig> registryAuths, Duration waitLimit,
                        Map<String, String> inputs) {
        this(project, workingDir, configFiles, extraLabels, registryAuths, waitLimit, inputs, null);
    }

    /**
     * A context without inputs hashes.
     *
     * @param project       the project
     * @param workingDir    the stack folder as the engine sees it
     * @param configFiles   the Compose files' names
     * @param extraLabels   labels every created object also gets
     * @param registryAuths credentials by registry host
     * @param waitLimit     longest wait for a dependency's condition
     */
    public ApplyContext(Project project, String workingDir, List<String> configFiles,
                        Map<String, String> extraLabels, Map<String, AuthConfig> registryAuths, Duration waitLimit) {
        this(project, workingDir, configFiles, extraLabels, registryAuths, waitLimit, Map.of(), null);
    }
}
