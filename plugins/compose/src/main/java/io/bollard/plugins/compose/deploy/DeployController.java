package io.bollard.plugins.compose.deploy;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.stream.JsonText;
import io.bollard.plugins.compose.ComposePlugin;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.ObjectMapper;
import reactor.core.publisher.Flux;

import java.util.concurrent.ExecutionException;

/**
 * {@code POST /agent/docker/deploy/compose} answers when the deploy ends; {@code POST /agent/docker/deploy/stream}
 * streams its steps as NDJSON, {@code {step, message, status, time, service?}} a line, the result last.
 */
@Controller(ComposePlugin.DEPLOY)
@RequiresPlugin(ComposePlugin.ID)
public class DeployController {

    private static final String NDJSON = "application/x-ndjson";

    private final Deployments deployments;
    private final ObjectMapper json;

    /**
     * @param deployments runs deploys
     * @param json        writes NDJSON lines
     */
    public DeployController(Deployments deployments, ObjectMapper json) {
        this.deployments = deployments;
        this.json = json;
    }

    /**
     * Deploys a stack and answers with the steps done.
     *
     * @param request the stack
     * @return the result
     * @throws InterruptedException when the agent stops meanwhile
     */
    @Post("/compose")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public DeployResult deploy(@Body DeployRequest request) throws InterruptedException {
        Deployments.Run run = deployments.start(request);
        DeployResult result;
        try {
            result = run.result().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (!"done".equals(result.status())) {
            throw Deployments.failure(result, run.failure());
        }
        return result;
    }

    /**
     * Deploys a stack, streaming its steps. The deploy runs to its end even if the caller goes away.
     *
     * @param request the stack
     * @return NDJSON lines
     */
    @Post(value = "/stream", produces = NDJSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Flux<byte[]>> stream(@Body DeployRequest request) {
        Deployments.Run run = deployments.start(request);
        return HttpResponse.ok(run.events().map(event -> JsonText.line(json, event)))
                .contentType(new MediaType(NDJSON));
    }
}
