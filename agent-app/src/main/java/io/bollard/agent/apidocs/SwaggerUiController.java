package io.bollard.agent.apidocs;

import io.bollard.agent.config.AgentConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;

/**
 * The Swagger UI at {@code /swagger-ui}, only when {@code AGENT_API_DOCS=true}. The page itself holds nothing
 * secret and is open; it asks for a token once (kept in the tab's session storage) and sends it with every call,
 * the document's included. The UI's scripts come from a public CDN into the browser, not through the agent.
 */
@Requires(property = AgentConfigurationProperties.API_DOCS, value = "true")
@Controller(SwaggerUiController.PATH)
public class SwaggerUiController {

    /** The route. */
    public static final String PATH = "/swagger-ui";

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Bollard agent API</title>
              <link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="https://cdn.jsdelivr.net/npm/swagger-ui-dist@5/swagger-ui-bundle.js"></script>
              <script>
                let token = sessionStorage.getItem("bollard-token");
                if (!token) {
                  token = prompt("Bollard token (java -jar bollard-agent.jar token --ttl 1h)") || "";
                  sessionStorage.setItem("bollard-token", token);
                }
                window.ui = SwaggerUIBundle({
                  url: "/openapi.yml",
                  dom_id: "#swagger-ui",
                  requestInterceptor: (request) => {
                    request.headers.Authorization = "Bearer " + token;
                    return request;
                  }
                });
              </script>
            </body>
            </html>
            """;

    /**
     * The page.
     *
     * @return HTML
     */
    @Get
    @Produces(MediaType.TEXT_HTML)
    public String page() {
        return PAGE;
    }
}
