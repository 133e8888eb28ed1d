package io.bollard.compose.apply;

import com.github.dockerjava.api.DockerClient;
import io.bollard.compose.model.Project;
import io.bollard.compose.plan.Operation;
import io.bollard.compose.plan.Plan;
import io.bollard.compose.plan.PlanOptions;
import io.bollard.compose.plan.Planner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Deploys, stops and removes stacks: observe the engine, plan, run the plan. Images are pulled first and the rest is
 * planned again after, so that a pull that brings a newer image recreates the containers that run the older one.
 */
public final class Deployer {

    private final EngineState engine;
    private final Executor executor;

    /**
     * A deployer that may use and remove every network and volume.
     *
     * @param docker the Docker client
     */
    public Deployer(DockerClient docker) {
        this(docker, labels -> true);
    }

    /**
     * @param docker  the Docker client
     * @param visible which existing networks and volumes, by their labels, stacks may use and remove
     */
    public Deployer(DockerClient docker, java.util.function.Predicate<java.util.Map<String, String>> visible) {
        this.engine = new EngineState(docker, visible);
        this.executor = new Executor(docker);
    }

    /** @return the engine state reader this deployer uses */
    public EngineState engine() {
        return engine;
    }

    /**
     * Brings the engine to the project.
     *
     * @param context  the project and labels
     * @param choices  orphan and pull choices (the inputs hashes come from the context)
     * @param progress receives each step's events
     * @return the steps done
     * @throws ApplyException at a refused step
     * @throws io.bollard.compose.ComposeException when the plan cannot be made (a missing external network, ...)
     */
    public List<String> deploy(ApplyContext context, PlanOptions choices, Consumer<ProgressEvent> progress) {
        PlanOptions options = new PlanOptions(choices.removeOrphans(), choices.pull(), context.inputs());
        Plan plan = Planner.plan(context.project(), engine.observe(context.project()), options);
        List<Operation> pulls = plan.operations().stream().filter(op -> op.kind() == Operation.Kind.PULL_IMAGE)
                .toList();
        List<String> done = new ArrayList<>();
        if (!pulls.isEmpty()) {
            done.addAll(executor.run(new Plan(pulls, List.of(), List.of()), context, progress));
            plan = Planner.plan(context.project(), engine.observe(context.project()),
                    new PlanOptions(options.removeOrphans(), false, options.inputs()));
        }
        try {
            done.addAll(executor.run(plan, context, progress));
        } catch (ApplyException e) {
            List<String> all = new ArrayList<>(done);
            all.addAll(e.done());
            throw new ApplyException(e.failed(), e.reason(), all, e.getCause());
        }
        return done;
    }

    /**
     * Stops a stack's containers.
     *
     * @param project  the project name
     * @param file     the project as last deployed, for its stop grace periods; null when unknown
     * @param progress receives each step's events
     * @return the steps done
     */
    public List<String> stop(String project, Project file, Consumer<ProgressEvent> progress) {
        return executor.run(Planner.stop(engine.labelled(project, false)), removal(project, file), progress);
    }

    /**
     * Removes a stack's containers and networks, and its volumes when asked.
     *
     * @param project  the project name
     * @param file     the project as last deployed, for its stop grace periods; null when unknown
     * @param volumes  remove its volumes too
     * @param progress receives each step's events
     * @return the steps done
     */
    public List<String> down(String project, Project file, boolean volumes, Consumer<ProgressEvent> progress) {
        return executor.run(Planner.down(engine.labelled(project, true), volumes), removal(project, file), progress);
    }

    /** Stopping and removing need no file (the steps name what they act on) but use its grace periods. */
    private static ApplyContext removal(String project, Project file) {
        Project known = file != null ? file : new Project(project, Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        return new ApplyContext(known, "", List.of(), Map.of(), Map.of(), Duration.ZERO);
    }
}
