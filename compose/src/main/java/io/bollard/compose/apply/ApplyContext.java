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
 */
public record ApplyContext(Project project, String workingDir, List<String> configFiles,
                           Map<String, String> extraLabels, Map<String, AuthConfig> registryAuths,
                           Duration waitLimit) {
}
