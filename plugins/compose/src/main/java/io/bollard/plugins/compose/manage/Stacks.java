package io.bollard.plugins.compose.manage;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.bollard.compose.plan.ComposeLabels;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugins.compose.ComposePlugin;
import io.bollard.plugins.compose.stack.DeployOutcome;
import io.bollard.plugins.compose.stack.StackRecord;
import io.bollard.plugins.compose.stack.StackStore;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Finds stacks on the engine by Compose's project label and in the agent's records, and hides those the label
 * filter hides: a stack with a container outside the filter does not exist for the caller.
 */
@Singleton
@RequiresPlugin(ComposePlugin.ID)
public class Stacks {

    private final DockerClient docker;
    private final VisibleContainers visible;
    private final StackStore store;

    /**
     * @param docker the Docker client
     * @param visible what the filter lets the caller see
     * @param store  the agent's stacks
     */
    public Stacks(DockerClient docker, VisibleContainers visible, StackStore store) {
        this.docker = docker;
        this.visible = visible;
        this.store = store;
    }

    /**
     * The containers of one stack, {@code compose run} ones included.
     *
     * @param name the stack
     * @return its containers
     */
    public List<Container> containers(String name) {
        try {
            return docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(ComposeLabels.PROJECT, name))
                    .exec();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    /**
     * Refuses a stack the filter hides, exactly as a missing one.
     *
     * @param name the stack
     * @return its containers
     * @throws ApiException 404 when one of its containers is outside the filter
     */
    public List<Container> requireVisible(String name) {
        List<Container> containers = containers(name);
        if (!containers.stream().allMatch(visible::isVisible)) {
            throw noSuchStack(name);
        }
        return containers;
    }

    /**
     * @param name a stack name
     * @return the 404 for it
     */
    public static ApiException noSuchStack(String name) {
        return ApiException.notFound("No such stack: " + name);
    }

    /**
     * Lists stacks: the agent's records and every other Compose project with a visible container.
     *
     * @param deploying whether a deploy of a stack runs now
     * @return stacks by name
     */
    public List<StackView> list(Predicate<String> deploying) {
        Map<String, List<Container>> byProject = new TreeMap<>();
        List<Container> all;
        try {
            all = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(ComposeLabels.PROJECT)).exec();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
        for (Container c : all) {
            byProject.computeIfAbsent(c.getLabels().get(ComposeLabels.PROJECT), k -> new ArrayList<>()).add(c);
        }
        Map<String, StackView> out = new TreeMap<>();
        for (StackRecord record : store.records()) {
            List<Container> containers = byProject.getOrDefault(record.name(), List.of());
            if (containers.stream().allMatch(visible::isVisible)) {
                out.put(record.name(), view(record.name(), "agent", containers, expected(record),
                        deploying.test(record.name())));
            }
        }
        byProject.forEach((name, containers) -> {
            if (!out.containsKey(name) && containers.stream().allMatch(visible::isVisible)) {
                out.put(name, view(name, "external", containers, List.of(), deploying.test(name)));
            }
        });
        return List.copyOf(out.values());
    }

    /**
     * One stack, with its stored file and last deploy.
     *
     * @param name      the stack
     * @param deploying whether a deploy of it runs now
     * @return the stack
     * @throws ApiException 404 when there is no such stack, or the filter hides it
     */
    public StackView get(String name, boolean deploying) {
        List<Container> containers = requireVisible(StackStore.checkName(name));
        Optional<StackRecord> record = store.record(name);
        if (record.isEmpty() && containers.isEmpty()) {
            throw noSuchStack(name);
        }
        StackView v = view(name, record.isPresent() ? "agent" : "external", containers,
                record.map(Stacks::expected).orElse(List.of()), deploying);
        return new StackView(v.name(), v.status(), v.source(), v.services(),
                record.isPresent() ? store.composeFile(name).orElse(null) : null,
                record.map(StackRecord::files).orElse(null),
                record.map(StackRecord::lastDeploy).map(d -> seen(d, deploying)).orElse(null), deploying);
    }

    /**
     * A deploy recorded as running while none runs was cut off by the agent stopping (its record is written as
     * running when it starts): it is shown as interrupted, not as running for ever.
     */
    static DeployOutcome seen(DeployOutcome outcome, boolean deploying) {
        if (deploying || !"running".equals(outcome.status())) {
            return outcome;
        }
        return new DeployOutcome("interrupted", outcome.operations(), outcome.failedStep(),
                "the agent stopped before this deploy ended; deploy again to finish it", outcome.warnings(),
                outcome.startedAt(), outcome.finishedAt());
    }

    private static List<String> expected(StackRecord record) {
        return record.services() == null ? List.of() : record.services();
    }

    /**
     * A stack as shown: its containers by service, and each service the last deploy meant to run but that has no
     * container (a deploy that failed or was cut off before making it, a container removed by hand) as
     * {@value #MISSING}, which keeps the stack from showing as running.
     */
    static StackView view(String name, String source, List<Container> containers, List<String> expected,
                          boolean deploying) {
        Map<String, List<StackView.ContainerView>> byService = new TreeMap<>();
        for (Container c : containers) {
            Map<String, String> labels = c.getLabels();
            int number;
            try {
                number = Integer.parseInt(labels.getOrDefault(ComposeLabels.CONTAINER_NUMBER, "0"));
            } catch (NumberFormatException e) {
                number = 0;
            }
            byService.computeIfAbsent(labels.getOrDefault(ComposeLabels.SERVICE, ""), k -> new ArrayList<>())
                    .add(new StackView.ContainerView(c.getId(), name(c), c.getState(), c.getStatus(), number));
        }
        Set<String> jobs = awaitedToComplete(containers);
        List<StackView.ServiceView> services = new ArrayList<>();
        List<StackView.ContainerView> counted = new ArrayList<>();
        byService.forEach((service, list) -> {
            boolean completed = jobs.contains(service) && list.stream().allMatch(Stacks::exitedWithZero);
            services.add(new StackView.ServiceView(service, completed ? COMPLETED : state(list), list));
            if (!completed) {
                counted.addAll(list);
            }
        });
        boolean missing = false;
        for (String service : expected) {
            if (!byService.containsKey(service)) {
                services.add(new StackView.ServiceView(service, MISSING, List.of()));
                missing = true;
            }
        }
        services.sort(Comparator.comparing(StackView.ServiceView::name));
        // A job that others wait for to complete (a migration) has done its part by exiting 0: it does not make the
        // stack partial. A stack of such jobs only is stopped.
        String status = counted.isEmpty() ? "stopped" : state(counted);
        return new StackView(name, missing && status.equals("running") ? "partial" : status, source, services, null,
                null, null, deploying);
    }

    /** The services some container's {@code depends_on} label waits on with {@code service_completed_successfully}. */
    private static Set<String> awaitedToComplete(List<Container> containers) {
        Set<String> out = new HashSet<>();
        for (Container c : containers) {
            String dependsOn = c.getLabels() == null ? null : c.getLabels().get(ComposeLabels.DEPENDS_ON);
            if (dependsOn == null) {
                continue;
            }
            for (String entry : dependsOn.split(",")) {
                String[] parts = entry.trim().split(":");
                if (parts.length >= 2 && "service_completed_successfully".equals(parts[1])) {
                    out.add(parts[0]);
                }
            }
        }
        return out;
    }

    private static boolean exitedWithZero(StackView.ContainerView c) {
        return "exited".equals(c.state()) && c.status() != null && c.status().startsWith("Exited (0)");
    }

    /** The state of a service the last deploy meant to run that has no container. */
    static final String MISSING = "missing";

    /** The state of a one-off service others wait for, whose containers all exited 0. */
    static final String COMPLETED = "completed";

    private static String state(List<StackView.ContainerView> containers) {
        long running = containers.stream().filter(c -> "running".equals(c.state())).count();
        return running == 0 ? "stopped" : running == containers.size() ? "running" : "partial";
    }

    private static String name(Container c) {
        return c.getNames() == null || c.getNames().length == 0 ? c.getId() : c.getNames()[0].replaceFirst("^/", "");
    }
}
