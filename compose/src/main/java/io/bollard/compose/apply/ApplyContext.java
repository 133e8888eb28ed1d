package io.bollard.compose.apply;

import com.github.dockerjava.api.model.AuthConfig;
import io.bollard.compose.model.Project;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 */
public record ApplyContext(Project project, String workingDir, List<String> configFiles,
                           Map<String, String> extraLabels, Map<String, AuthConfig> registryAuths,
                           Duration waitLimit, Map<String, String> inputs) {

    /** Makes a null map empty. */
    public ApplyContext {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
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
        this(project, workingDir, configFiles, extraLabels, registryAuths, waitLimit, Map.of());
    }
}
