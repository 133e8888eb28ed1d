package io.bollard.compose.load;

import io.bollard.compose.canonical.EnvFileReader;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What loading a project needs.
 *
 * @param projectName the project (stack) name
 * @param files       Compose files, merged in order
 * @param dotEnv      the {@code .env} text, or null
 * @param env         variables given with the request; they win over {@code .env}
 * @param envFiles    reads {@code env_file} files from the stack folder
 * @param hostDir     the stack folder as the engine sees it
 */
public record LoadRequest(String projectName, List<ComposeFile> files, String dotEnv, Map<String, String> env,
                          EnvFileReader envFiles, Path hostDir) {
}
