package io.bollard.compose.load;

import io.bollard.compose.model.Project;

import java.util.List;
import java.util.Map;

/**
 * A loaded project and what the caller should know about how it was loaded.
 *
 * @param project   the project
 * @param variables the variables interpolation used
 * @param warnings  for example variables used without a value
 */
public record LoadedProject(Project project, Map<String, String> variables, List<String> warnings) {
}
