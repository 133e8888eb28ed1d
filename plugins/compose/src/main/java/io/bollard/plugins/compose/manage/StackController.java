package io.bollard.plugins.compose.manage;

import io.bollard.compose.apply.ApplyException;
import io.bollard.compose.apply.Deployer;
import io.bollard.compose.apply.Executor;
import io.bollard.compose.model.Project;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugins.compose.ComposePlugin;
import io.bollard.plugins.compose.deploy.Deployments;
import io.bollard.plugins.compose.stack.StackStore;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@code GET /agent/docker/compose} and {@code /{name}}, {@code POST /agent/docker/compose/stop} and
 * {@code /remove}.
 */
@Controller(ComposePlugin.STACKS)
@RequiresPlugin(ComposePlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class StackController {

    private final Stacks stacks;
    private final Deployments deployments;
    private final Deployer deployer;
    private final StackStore store;

    /**
     * @param stacks      finds stacks
     * @param deployments per-stack turns and deployed projects
     * @param deployer    stops and removes
     * @param store       stack files and records
     */
    public StackController(Stacks stacks, Deployments deployments, Deployer deployer, StackStore store) {
        this.stacks = stacks;
        this.deployments = deployments;
        this.deployer = deployer;
        this.store = store;
    }

    /**
     * Lists stacks.
     *
     * @return stacks by name
     */
    @Get
    public List<StackView> list() {
        return stacks.list(deployments::isBusy);
    }

    /**
     * One stack.
     *
     * @param name the stack
     * @return it, with its Compose file and last deploy
     */
    @Get("/{name}")
    public StackView get(@PathVariable String name) {
        return stacks.get(name, deployments.isBusy(name));
    }

    /**
     * Stops a stack's containers.
     *
     * @param request {@code {name}}
     * @return the steps done
     */
    @Post("/stop")
    public StackChange stop(@Body StackRequest request) {
        String name = existing(request);
        return deployments.exclusive(name, () -> {
            Project project = deployments.deployed(name).orElse(null);
            return new StackChange(name, run(() -> deployer.stop(name, project, e -> { })), List.of());
        });
    }

    /**
     * Removes a stack's containers and networks; its named volumes and folder too with {@code volumes: true}.
     *
     * @param request {@code {name, volumes?}}
     * @return the steps done
     */
    @Post("/remove")
    public StackChange remove(@Body StackRequest request) {
        String name = existing(request);
        boolean volumes = Boolean.TRUE.equals(request.volumes());
        return deployments.exclusive(name, () -> {
            Project project = deployments.deployed(name).orElse(null);
            List<String> kept = new CopyOnWriteArrayList<>();
            List<String> done = run(() -> deployer.down(name, project, volumes, e -> {
                if (Executor.KEPT_STATUS.equals(e.status())) {
                    kept.add("kept " + e.message().substring(Executor.KEPT.length()));
                }
            }));
            store.forget(name, volumes);
            return new StackChange(name, done, List.copyOf(kept));
        });
    }

    private String existing(StackRequest request) {
        if (request == null) {
            throw ApiException.badRequest("a body {name} is required");
        }
        String name = StackStore.checkName(request.name());
        if (stacks.requireVisible(name).isEmpty() && store.record(name).isEmpty()) {
            throw Stacks.noSuchStack(name);
        }
        return name;
    }

    private static List<String> run(java.util.function.Supplier<List<String>> action) {
        try {
            return action.get();
        } catch (ApplyException e) {
            HttpStatus status = e.getCause() == null ? HttpStatus.INTERNAL_SERVER_ERROR
                    : DockerErrors.map(e.getCause()).status();
            throw new ApiException(status, "compose_failed", e.getMessage() + " (" + e.done().size()
                    + " steps done)");
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }
}
