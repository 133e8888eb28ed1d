package io.bollard.compose.model;

import java.util.Map;
import java.util.Set;

/**
 * A Compose project: its name and its services, networks, volumes, secrets and configs, each keyed by the name the
 * file gives it.
 *
 * @param name     the project name (the stack name)
 * @param services services by name, in name order
 * @param networks networks by key; {@code default} is always there
 * @param volumes  named volumes by key
 * @param secrets  file secrets by key
 * @param configs  file configs by key
 * @param disabled services the file defines but no active profile enables: not deployed, and not orphans either
 */
public record Project(String name, Map<String, Service> services, Map<String, Network> networks,
                      Map<String, Volume> volumes, Map<String, FileObject> secrets, Map<String, FileObject> configs,
                      Set<String> disabled) {

    /** Makes null maps empty. */
    public Project {
        services = Models.map(services);
        networks = Models.map(networks);
        volumes = Models.map(volumes);
        secrets = Models.map(secrets);
        configs = Models.map(configs);
        disabled = disabled == null ? Set.of() : Set.copyOf(disabled);
    }

    /** A project whose every service is enabled. */
    public Project(String name, Map<String, Service> services, Map<String, Network> networks,
                   Map<String, Volume> volumes, Map<String, FileObject> secrets, Map<String, FileObject> configs) {
        this(name, services, networks, volumes, secrets, configs, Set.of());
    }
}
