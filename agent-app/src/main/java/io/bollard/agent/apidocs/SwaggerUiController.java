package io.bollard.agent.apidocs;

import io.bollard.agent.config.AgentConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;

/**
 * The Swagger UI at {@code /swagger-ui}, only when {@code AGENT_API_DOCS=true}. The page itself holds nothing
 * secret and is open; it asks for a token once (kept in the tab's session storage) and sends it with every call,
 * the document's included. The UI's script and style sheet are served by the agent from the Swagger UI webjar, and
 * a content security policy keeps the page from loading anything from elsewhere.
 */
@Requires(property = AgentConfigurationProperties.API_DOCS, value = "true")
@Controller(SwaggerUiController.PATH)
public class SwaggerUiController {

    /** The route. */
    public static final String PATH = "/swagger-ui";

    /** The UI's own files, served beside the page. */
    public static final java.util.Set<String> FILES = java.util.Set.of("swagger-ui.css", "swagger-ui-bundle.js");

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/5.34.1/";
    private static final String POLICY = "default-src 'none'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <title>Bollard agent API</title>
              <link rel="stylesheet" href="/swagger-ui/swagger-ui.css">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="/swagger-ui/swagger-ui-bundle.js"></script>
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
    public HttpResponse<String> page() {
        return HttpResponse.ok(PAGE).header("Content-Security-Policy", POLICY);
    }

    /**
     * The UI's script or style sheet.
     *
     * @param file {@code swagger-ui.css} or {@code swagger-ui-bundle.js}
     * @return its bytes
     */
    @Get("/{file}")
    public HttpResponse<byte[]> file(@PathVariable String file) {
        if (!FILES.contains(file)) {
            return HttpResponse.notFound();
        }
        try (java.io.InputStream in = SwaggerUiController.class.getClassLoader().getResourceAsStream(WEBJAR + file)) {
            if (in == null) {
                return HttpResponse.notFound();
            }
            return HttpResponse.ok(in.readAllBytes()).contentType(file.endsWith(".css") ? "text/css"
                    : "application/javascript").header("Cache-Control", "max-age=86400");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
