package io.bollard.agent.apidocs;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Serves the agent's OpenAPI document at {@code /openapi.yml}; needs a token like every other route.
 */
@Controller(OpenApiController.PATH)
public class OpenApiController {

    /** The route. */
    public static final String PATH = "/openapi.yml";

    private final OpenApiDocument document;

    /**
     * @param document the merged document
     */
    public OpenApiController(OpenApiDocument document) {
        this.document = document;
    }

    /**
     * The document.
     *
     * @return OpenAPI 3 YAML with every route this agent serves
     */
    @Get
    @Produces("application/yaml")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public String openApi() {
        return document.yaml();
    }
}
