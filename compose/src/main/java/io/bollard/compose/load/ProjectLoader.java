package io.bollard.compose.load;

import io.bollard.compose.ComposeException;
import io.bollard.compose.canonical.Binder;
import io.bollard.compose.canonical.Canonicaliser;
import io.bollard.compose.interpolate.DotEnv;
import io.bollard.compose.interpolate.Interpolator;
import io.bollard.compose.model.Project;
import io.bollard.compose.model.Service;
import io.bollard.compose.read.RawDocument;
import io.bollard.compose.read.RawMerger;
import io.bollard.compose.read.YamlReader;
import io.bollard.compose.validate.Validator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Loads a project from its files: read each, interpolate each, merge in order, canonicalise, bind, keep the services
 * the active profiles ({@code COMPOSE_PROFILES}) enable, validate.
 */
public final class ProjectLoader {

    private ProjectLoader() {
    }

    /**
     * Loads a project.
     *
     * @param request the files and variables
     * @return the project and warnings
     * @throws ComposeException naming the file, key and line of the first problem (validation: of all problems)
     */
    public static LoadedProject load(LoadRequest request) {
        if (request.files().isEmpty()) {
            throw new ComposeException("no Compose file given");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        if (request.dotEnv() != null) {
            DotEnv.parse(".env", request.dotEnv(), request.env()).forEach((k, v) -> {
                if (v != null) {
                    variables.put(k, v);
                }
            });
        }
        variables.putAll(request.env());
        Interpolator interpolator = new Interpolator(variables);
        List<RawDocument> docs = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (ComposeFile file : request.files()) {
            RawDocument doc = YamlReader.read(file.name(), file.text());
            if (doc.root().containsKey("version")) {
                warnings.add(file.name() + ": the top-level version is obsolete and ignored");
            }
            docs.add(interpolator.apply(doc));
        }
        interpolator.missing().forEach(name -> warnings.add("variable " + name
                + " is not set: an empty string was used"));
        RawDocument merged = RawMerger.merge(docs);
        Map<String, Object> canonical = new Canonicaliser(request.projectName(), variables, request.envFiles(),
                request.hostDir()).canonicalise(merged);
        Project project = withActiveProfiles(Binder.bind(canonical, merged.lines()), variables);
        Validator.validate(project, merged.lines());
        return new LoadedProject(project, Map.copyOf(variables), List.copyOf(warnings));
    }

    private static Project withActiveProfiles(Project project, Map<String, String> variables) {
        Set<String> active = Arrays.stream(variables.getOrDefault("COMPOSE_PROFILES", "").split(","))
                .map(String::trim).filter(p -> !p.isEmpty()).collect(Collectors.toSet());
        Map<String, Service> enabled = new LinkedHashMap<>();
        Set<String> disabled = new TreeSet<>();
        project.services().forEach((name, s) -> {
            if (s.profiles().isEmpty() || active.contains("*") || s.profiles().stream().anyMatch(active::contains)) {
                enabled.put(name, s);
            } else {
                disabled.add(name);
            }
        });
        return new Project(project.name(), enabled, project.networks(), project.volumes(), project.secrets(),
                project.configs(), disabled);
    }
}
