package io.bollard.agent.apidocs;

import io.micronaut.context.ApplicationContext;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Singleton;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The agent's OpenAPI document: every module's build-time document ({@code META-INF/swagger/bollard-module.yml}
 * on the agent's class path and in plugin jars, plus any hand-written {@code META-INF/bollard/openapi-extra.yml})
 * merged into one, kept to the routes this agent really serves (a
 * switched-off plugin's are left out), with the bearer-token scheme and the error answer every route can give.
 */
@Singleton
public class OpenApiDocument {

    /** Where each module's document is, by the name the root pom gives every module. */
    public static final String MODULE_DOCUMENT = "META-INF/swagger/bollard-module.yml";

    /** Hand-written additions a module ships for routes the generator cannot describe. */
    public static final String EXTRA_DOCUMENT = "META-INF/bollard/openapi-extra.yml";

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** Routes that take no token, by path, with their method. */
    private static final Map<String, String> OPEN_ROUTES = Map.of("/agent/ping", "get");

    private final ApplicationContext context;
    private final Router router;
    private volatile String yaml;

    /**
     * @param context the running context, whose class loader sees plugin jars
     * @param router  the routes in service
     */
    public OpenApiDocument(ApplicationContext context, Router router) {
        this.context = context;
        this.router = router;
    }

    /** @return the merged document, as YAML (made on first use) */
    public String yaml() {
        String y = yaml;
        if (y == null) {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setSplitLines(false);
            y = new Yaml(options).dump(merged());
            yaml = y;
        }
        return y;
    }

    /** @return the merged document, as maps and lists */
    @SuppressWarnings("unchecked")
    Map<String, Object> merged() {
        Map<String, Object> paths = new TreeMap<>();
        Map<String, Map<String, Object>> components = new TreeMap<>();
        Set<String> served = servedPaths();
        Yaml parser = new Yaml(new SafeConstructor(new LoaderOptions()));
        try {
            List<URL> documents = new java.util.ArrayList<>();
            documents.addAll(Collections.list(context.getClassLoader().getResources(MODULE_DOCUMENT)));
            documents.addAll(Collections.list(context.getClassLoader().getResources(EXTRA_DOCUMENT)));
            for (URL url : documents) {
                Map<String, Object> doc;
                try (InputStream in = url.openStream()) {
                    doc = parser.load(in);
                }
                if (doc == null) {
                    continue;
                }
                ((Map<String, Object>) doc.getOrDefault("paths", Map.of())).forEach((path, item) ->
                        ((Map<String, Object>) item).forEach((key, value) -> {
                            // Operations by method, so a method the route does not take is left out; other keys
                            // (shared parameters) follow their path.
                            if (!METHODS.contains(key) || served.contains(key + " " + normalise(path))) {
                                ((Map<String, Object>) paths.computeIfAbsent(path, p -> new TreeMap<>()))
                                        .put(key, value);
                            }
                        }));
                ((Map<String, Object>) doc.getOrDefault("components", Map.of())).forEach((kind, entries) ->
                        components.computeIfAbsent(kind, k -> new TreeMap<>())
                                .putAll((Map<String, Object>) entries));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        paths.values().removeIf(item -> ((Map<String, Object>) item).keySet().stream().noneMatch(METHODS::contains));
        paths.values().forEach(item -> ((Map<String, Object>) item).forEach((method, operation) -> {
            if (METHODS.contains(method) && operation instanceof Map<?, ?> op) {
                Map<String, Object> responses = (Map<String, Object>) ((Map<String, Object>) op)
                        .computeIfAbsent("responses", r -> new LinkedHashMap<>());
                responses.putIfAbsent("default", Map.of("$ref", "#/components/responses/Error"));
            }
        }));
        commonErrors(paths);
        uniqueOperationIds(paths);
        components.values().forEach(OpenApiDocument::anyValues);
        anyValues(paths);
        OPEN_ROUTES.forEach((path, method) -> {
            if (paths.get(path) instanceof Map<?, ?> item && item.get(method) instanceof Map<?, ?> op) {
                ((Map<String, Object>) op).put("security", List.of()); // no bearer token asked
            }
        });
        components.computeIfAbsent("schemas", k -> new TreeMap<>()).put("Error", Map.of(
                "type", "object",
                "required", List.of("error", "message"),
                "properties", Map.of(
                        "error", Map.of("type", "string", "description", "a stable code, such as not_found"),
                        "message", Map.of("type", "string", "description", "what went wrong, for people"))));
        components.computeIfAbsent("responses", k -> new TreeMap<>()).put("Error", Map.of(
                "description", "An error: 400 bad request, 401 no or bad token, 403 refused, 404 not found or "
                        + "hidden by DOCKER_FILTER, 409 conflict, 503 Docker does not answer",
                "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error")))));
        Map<String, Object> responses = components.computeIfAbsent("responses", k -> new TreeMap<>());
        COMMON_ERRORS.forEach((status, error) -> responses.put(error.name(), Map.of("description", error.description(),
                "content", Map.of("application/json", Map.of("schema", Map.of("$ref", "#/components/schemas/Error"))))));
        components.computeIfAbsent("securitySchemes", k -> new TreeMap<>()).put("bearer", Map.of(
                "type", "http", "scheme", "bearer", "bearerFormat", "JWT",
                "description", "A token signed with AGENT_SECRET (java -jar bollard-agent.jar token --ttl 1h)"));
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.0.1");
        doc.put("info", Map.of("title", "Bollard agent", "version", version(),
                "description", "The Docker host agent's API. Every route needs a bearer token except "
                        + "/agent/ping (and /metrics when AGENT_METRICS_PUBLIC=true)."));
        doc.put("security", List.of(Map.of("bearer", List.of())));
        doc.put("paths", paths);
        doc.put("components", components);
        return doc;
    }

    /** An error answer many operations share, by its status. */
    private record CommonError(String name, String description) {
    }

    private static final Map<String, CommonError> COMMON_ERRORS = new TreeMap<>(Map.of(
            "400", new CommonError("BadRequest", "A parameter or the body is not valid (the message names it)"),
            "401", new CommonError("Unauthorized", "No token, or a bad or expired one"),
            "404", new CommonError("NotFound", "What the path names does not exist, or DOCKER_FILTER hides it"),
            "409", new CommonError("Conflict", "The change conflicts with the state of what it changes (running, "
                    + "in use, a name taken)"),
            "403", new CommonError("Forbidden", "A path that leaves its volume, stack or container folder, or a "
                    + "write while AGENT_FILES_READ_ONLY is on"),
            "413", new CommonError("TooLarge", "More than the agent's read or upload limit (AGENT_FILES_MAX_READ, "
                    + "AGENT_FILES_MAX_UPLOAD)"),
            "429", new CommonError("TooManyRequests", "This address failed to authenticate too often "
                    + "(AGENT_AUTH_MAX_FAILURES); Retry-After says when to try again"),
            "502", new CommonError("DockerError", "Docker answered with an error the agent passes on"),
            "503", new CommonError("DockerUnavailable", "Docker does not answer")));

    /**
     * Gives each operation the error statuses its kind can answer, beside the ones it declares itself and the
     * shared {@code default}: every route with a token 401 and 429 (the security filters), with parameters or a
     * body 400, with a path variable 404, and under {@code /agent/docker} 502 and 503 (Docker's own errors) and,
     * for a change, 409 (Docker's conflicts, which the agent passes on); the files routes 403, 404 and 413. A
     * WebSocket gets the handshake's 401 and 429 only: what fails after it is a close code.
     */
    @SuppressWarnings("unchecked")
    static void commonErrors(Map<String, Object> paths) {
        forEachOperation(paths, (path, method, op) -> {
            Map<String, Object> responses = (Map<String, Object>) op.get("responses");
            List<String> statuses = new java.util.ArrayList<>();
            if (!method.equals(OPEN_ROUTES.get(path))) {
                statuses.addAll(List.of("401", "429"));
            }
            // A WebSocket's failures past the handshake's token check are close codes (4000 + status).
            if (!responses.containsKey("101")) {
                statuses.addAll(routeErrors(path, method, op));
            }
            statuses.forEach(status -> responses.putIfAbsent(status,
                    Map.of("$ref", "#/components/responses/" + COMMON_ERRORS.get(status).name())));
        });
    }

    /** The statuses an HTTP operation's own kind gives, past the security filters. */
    private static List<String> routeErrors(String path, String method, Map<String, Object> op) {
        List<String> statuses = new java.util.ArrayList<>();
        if (op.get("parameters") instanceof List<?> parameters && !parameters.isEmpty()
                || op.containsKey("requestBody")) {
            statuses.add("400");
        }
        boolean files = path.contains("/files");
        if (path.contains("{") || files) {
            // The files routes name their volume, stack or container in the query or the body.
            statuses.add("404");
        }
        if (files) {
            statuses.addAll(List.of("403", "413"));
        }
        if (path.startsWith("/agent/docker/")) {
            statuses.addAll(List.of("502", "503"));
            if (!method.equals("get")) {
                statuses.add("409");
            }
        }
        return statuses;
    }

    /** The routes in service, as {@code get /agent/docker/containers/{}}: method, and template without query. */
    private Set<String> servedPaths() {
        return router.uriRoutes().map(route -> route.getHttpMethodName().toLowerCase(Locale.ROOT) + " "
                + normalise(path(route))).collect(Collectors.toSet());
    }

    /**
     * Makes operation ids unique across modules (OpenAPI requires it; each module's generator names its own
     * {@code list}, {@code remove}, ...): an id used more than once gets its route's resource in front, such as
     * {@code containers_list} and {@code images_list}.
     */
    @SuppressWarnings("unchecked")
    static void uniqueOperationIds(Map<String, Object> paths) {
        Map<String, Integer> uses = new java.util.HashMap<>();
        forEachOperation(paths, (path, method, op) -> {
            if (op.get("operationId") instanceof String id) {
                uses.merge(id, 1, Integer::sum);
            }
        });
        Set<String> taken = new java.util.HashSet<>(uses.keySet());
        forEachOperation(paths, (path, method, op) -> {
            if (op.get("operationId") instanceof String id && uses.get(id) > 1) {
                String renamed = resource(path, id) + "_" + id;
                if (!taken.add(renamed)) {
                    renamed = renamed + "_" + method;
                    taken.add(renamed);
                }
                op.put("operationId", renamed);
            }
        });
    }

    /**
     * The generator writes a {@code Map<String, Object>} (Docker's own documents under {@code raw}) as a map of
     * objects; its values are any JSON (strings, numbers, lists), which an empty schema says.
     */
    @SuppressWarnings("unchecked")
    private static void anyValues(Object node) {
        if (node instanceof Map<?, ?> map) {
            Map<String, Object> m = (Map<String, Object>) map;
            if (Map.of("type", "object").equals(m.get("additionalProperties"))) {
                m.put("additionalProperties", new LinkedHashMap<>());
            }
            m.values().forEach(OpenApiDocument::anyValues);
        } else if (node instanceof List<?> list) {
            list.forEach(OpenApiDocument::anyValues);
        }
    }

    /** The first fixed segment after {@code /agent} (and {@code /docker}): {@code containers}, {@code host}. */
    private static String resource(String path, String id) {
        for (String segment : path.split("/")) {
            if (!segment.isEmpty() && !segment.equals("agent") && !segment.equals("docker")
                    && !segment.startsWith("{") && !segment.equals(id)) {
                return segment.replace('-', '_');
            }
        }
        return "agent";
    }

    /** Visits every operation of the paths, in path order. */
    @SuppressWarnings("unchecked")
    private static void forEachOperation(Map<String, Object> paths, OperationVisitor visitor) {
        paths.forEach((path, item) -> ((Map<String, Object>) item).forEach((method, operation) -> {
            if (METHODS.contains(method) && operation instanceof Map<?, ?> op) {
                visitor.visit(path, method, (Map<String, Object>) op);
            }
        }));
    }

    /** What {@link #forEachOperation} calls. */
    private interface OperationVisitor {
        void visit(String path, String method, Map<String, Object> operation);
    }

    /**
     * A route's path template.
     *
     * @param route a route
     * @return such as {@code /agent/docker/containers/{id}}
     */
    public static String path(UriRouteInfo<?, ?> route) {
        return route.getUriMatchTemplate().toPathString();
    }

    /** Variable names do not matter for matching: {@code /a/{id}/b} and {@code /a/{name}/b} are one path. */
    static String normalise(String path) {
        String p = path.replaceAll("\\{[?&#][^}]*}", "").replaceAll("\\{[^}]*}", "{}");
        if (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.toLowerCase(Locale.ROOT);
    }

    private static String version() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream("/META-INF/bollard/version.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
