package io.bollard.agent.it;

import io.bollard.agent.apidocs.OpenApiDocument;
import io.micronaut.web.router.Router;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /openapi.yml} describes every HTTP route the running agent serves, whichever module (agent or plugin) it
 * comes from: the routes are read from the agent's router, so plugins added later are covered without changing
 * this test. WebSocket endpoints are not HTTP operations and are left out. {@code /swagger-ui} only with
 * {@code AGENT_API_DOCS=true}.
 */
class OpenApiIT {

    @Test
    @SuppressWarnings("unchecked")
    void everyServedRouteIsInTheDocument() {
        try (RunningAgent agent = RunningAgent.start()) {
            assertEquals(401, agent.send(HttpRequest.newBuilder(agent.uri("/openapi.yml")).build()).statusCode());
            HttpResponse<String> answer = agent.get("/openapi.yml");
            assertEquals(200, answer.statusCode(), answer.body());
            Map<String, Object> doc = new Yaml().load(answer.body());
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");

            Router router = agent.context().getBean(Router.class);
            List<String> missing = new ArrayList<>();
            List<String> checked = new ArrayList<>();
            router.uriRoutes().forEach(route -> {
                // Micronaut answers HEAD wherever GET is served. WebSockets are in as the GET that upgrades.
                if ("HEAD".equals(route.getHttpMethodName())) {
                    return;
                }
                String path = OpenApiDocument.path(route);
                String method = route.getHttpMethodName().toLowerCase(Locale.ROOT);
                Optional<Map<String, Object>> item = paths.entrySet().stream()
                        .filter(e -> same(e.getKey(), path)).map(Map.Entry::getValue).findFirst();
                checked.add(method + " " + path);
                if (item.isEmpty() || !item.get().containsKey(method)) {
                    missing.add(method.toUpperCase(Locale.ROOT) + " " + path);
                } else {
                    Map<String, Object> operation = (Map<String, Object>) item.get().get(method);
                    Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
                    assertTrue(responses != null && responses.containsKey("default"),
                            method + " " + path + " has no error answer: " + operation);
                }
            });
            assertTrue(missing.isEmpty(), "routes not in /openapi.yml: " + new java.util.TreeSet<>(missing));
            // Routes of every module: the agent's own and each built-in plugin's.
            for (String expected : List.of("get /agent/ping", "get /metrics", "get /openapi.yml",
                    "get /agent/docker/events/ws", "get /agent/host/stats/ws",
                    "get /agent/docker/containers", "get /agent/docker/images", "get /agent/host/info",
                    "get /agent/docker/events")) {
                assertTrue(checked.stream().anyMatch(c -> c.startsWith(expected)), expected + " in " + checked);
            }
            assertTrue(checked.size() >= 20, checked.toString());
            // And the other way: every operation documented is served, under an id no other operation has.
            Set<String> operationIds = new java.util.HashSet<>();
            paths.forEach((path, item) -> item.forEach((method, operation) -> {
                if (operation instanceof Map<?, ?> op && op.containsKey("responses")) {
                    assertTrue(checked.stream().anyMatch(c -> c.startsWith(method + " ") && same(path,
                            c.substring(c.indexOf(' ') + 1))), method + " " + path + " is documented, not served");
                    assertTrue(operationIds.add((String) op.get("operationId")), "operationId of " + method + " "
                            + path + " is not unique: " + op.get("operationId"));
                }
            }));
            assertEquals(List.of(), ((Map<String, Object>) paths.get("/agent/ping").get("get")).get("security"),
                    "ping takes no token");
            Map<String, Object> listImages = (Map<String, Object>) paths.get("/agent/docker/images").get("get");
            assertTrue(listImages.toString().contains("type=array") && listImages.toString().contains("ImageSummary"),
                    listImages.toString());
            Map<String, Object> components = (Map<String, Object>) doc.get("components");
            // Every reference resolves.
            java.util.regex.Matcher refs = java.util.regex.Pattern.compile("\\$ref: '?#/components/(\\w+)/([\\w.]+)")
                    .matcher(answer.body());
            while (refs.find()) {
                Map<String, Object> kind = (Map<String, Object>) components.get(refs.group(1));
                assertTrue(kind != null && kind.containsKey(refs.group(2)), refs.group() + " resolves to nothing");
            }
            // Docker's own documents (raw) hold any JSON values, not objects only.
            assertFalse(mapsOfObjects(doc), "a map of any values is described as a map of objects");
            // Field names as the API speaks them: snake_case.
            ((Map<String, Map<String, Object>>) components.get("schemas")).forEach((name, schema) -> {
                if (schema.get("properties") instanceof Map<?, ?> properties) {
                    properties.keySet().forEach(field -> assertTrue(field.toString().matches("[a-z0-9_]+"),
                            name + "." + field + " is not snake_case"));
                }
            });
            assertTrue(((Map<String, Object>) components.get("securitySchemes")).containsKey("bearer"));
            assertTrue(((Map<String, Object>) components.get("schemas")).containsKey("Error"));
            // No Swagger UI unless asked for.
            assertEquals(401, agent.send(HttpRequest.newBuilder(agent.uri("/swagger-ui")).build()).statusCode());
            assertEquals(404, agent.get("/swagger-ui").statusCode());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void errorStatusesTheAgentAnswersAreDocumentedForTheirRoutes() {
        try (RunningAgent agent = RunningAgent.start()) {
            Map<String, Object> doc = new Yaml().load(agent.get("/openapi.yml").body());
            Map<String, Map<String, Map<String, Object>>> paths =
                    (Map<String, Map<String, Map<String, Object>>>) doc.get("paths");
            // Provoked for real, then looked up in the document under the route that answered.
            Map<String, Integer> provoked = new java.util.LinkedHashMap<>();
            provoked.put("get /agent/docker/containers",
                    agent.send(HttpRequest.newBuilder(agent.uri("/agent/docker/containers")).build()).statusCode());
            provoked.put("get /agent/docker/containers/{id}",
                    agent.get("/agent/docker/containers/bollard-openapi-no-such-container").statusCode());
            provoked.put("get /agent/docker/containers/{id}/logs",
                    agent.get("/agent/docker/containers/bollard-openapi-no-such-container/logs?tail=many").statusCode());
            provoked.put("post /agent/docker/containers/{id}/start", agent.post(
                    "/agent/docker/containers/bollard-openapi-no-such-container/start", "{}").statusCode());
            assertEquals(List.of(401, 404, 400, 404), List.copyOf(provoked.values()), provoked.toString());
            provoked.forEach((route, status) -> {
                String[] mp = route.split(" ");
                Map<String, Object> responses = (Map<String, Object>) paths.get(mp[1]).get(mp[0]).get("responses");
                assertTrue(responses.containsKey(String.valueOf(status)), route + " answers " + status
                        + " but documents " + responses.keySet());
            });
            Map<String, Object> ping = (Map<String, Object>) paths.get("/agent/ping").get("get").get("responses");
            assertFalse(ping.containsKey("401"), "ping takes no token: " + ping.keySet());
            Map<String, Object> remove = (Map<String, Object>) paths.get("/agent/docker/containers/{id}")
                    .get("delete").get("responses");
            assertTrue(remove.keySet().containsAll(List.of("401", "404", "409", "429", "503")), remove.toString());
            assertError(agent.get("/agent/docker/files?stack=bollard-openapi-no-such-stack"), 404, "not_found");
            assertTrue(((Map<String, Object>) paths.get("/agent/docker/files").get("get").get("responses"))
                    .containsKey("404"), "the files routes name their place in the query");
            // A WebSocket's failures past the handshake are close codes, not HTTP answers.
            Map<String, Object> ws = (Map<String, Object>) paths.get("/agent/docker/containers/{id}/logs/ws")
                    .get("get").get("responses");
            assertEquals(Set.of("101", "default", "401", "429"), ws.keySet());
            // The download route sends bytes: a generated client must not parse them as JSON.
            Map<String, Object> download = (Map<String, Object>) ((Map<String, Object>) paths
                    .get("/agent/docker/files/download").get("get").get("responses")).get("200");
            Map<String, Object> types = (Map<String, Object>) download.get("content");
            assertEquals(Set.of("application/octet-stream", "application/gzip", "application/zip",
                    "application/x-tar"), types.keySet());
            assertTrue(((Map<String, Object>) paths.get("/agent/docker/files/download").get("get")
                    .get("responses")).keySet().containsAll(List.of("206", "416")));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void switchedOffPluginsAreLeftOut() {
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_PLUGINS_IMAGES_ENABLED", "false"))) {
            Map<String, Object> doc = new Yaml().load(agent.get("/openapi.yml").body());
            Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
            assertFalse(paths.keySet().stream().anyMatch(p -> p.startsWith("/agent/docker/images")), paths.keySet()
                    .toString());
            assertTrue(paths.containsKey("/agent/docker/containers"));
        }
    }

    @Test
    void swaggerUiWhenAsked() {
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_API_DOCS", "true"))) {
            HttpResponse<String> page = agent.send(HttpRequest.newBuilder(agent.uri("/swagger-ui")).build());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("SwaggerUIBundle") && page.body().contains("/openapi.yml"));
            assertFalse(page.body().contains("https://"), "nothing is loaded from elsewhere");
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
            HttpResponse<String> script = agent.send(HttpRequest.newBuilder(agent.uri(
                    "/swagger-ui/swagger-ui-bundle.js")).build());
            assertEquals(200, script.statusCode());
            assertTrue(script.body().contains("SwaggerUIBundle"));
            assertEquals(401, agent.send(HttpRequest.newBuilder(agent.uri("/swagger-ui/other.js")).build())
                    .statusCode(), "only the UI's own files are open");
            // The document itself still needs a token.
            assertEquals(401, agent.send(HttpRequest.newBuilder(agent.uri("/openapi.yml")).build()).statusCode());
        }
    }

    private static boolean mapsOfObjects(Object node) {
        if (node instanceof Map<?, ?> map) {
            return Map.of("type", "object").equals(map.get("additionalProperties"))
                    || map.values().stream().anyMatch(OpenApiIT::mapsOfObjects);
        }
        return node instanceof List<?> list && list.stream().anyMatch(OpenApiIT::mapsOfObjects);
    }

    private static boolean same(String documented, String served) {
        return documented.replaceAll("\\{[^}]*}", "{}").equals(served.replaceAll("\\{[^}]*}", "{}"));
    }
}
