package io.bollard.agent.edge;

import com.fasterxml.jackson.databind.JsonNode;
import io.bollard.agent.security.TunnelMark;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Turns a request envelope into a real HTTP request to the agent's own loopback listener, so that it passes the
 * same routing, authentication, label filter and plugins as a request from the network: the tunnel adds no route
 * of its own.
 */
final class LocalForwarder implements AutoCloseable {

    /**
     * Headers that describe one hop (or that the JDK's client sets itself), never forwarded; and {@code Origin}: a
     * request from the server is no browser's, and Micronaut refuses a foreign origin sent to a loopback listener
     * (its guard against drive-by requests to localhost) with an empty 403.
     */
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "http2-settings",
            "sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-protocol",
            "origin", TunnelMark.HEADER.toLowerCase(Locale.ROOT));
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final URI base;
    private final String mark;
    private final ExecutorService executor;
    private final HttpClient http;

    /**
     * @param port the loopback listener's port
     * @param mark the value of {@link TunnelMark#HEADER} that marks the tunnel's requests
     */
    LocalForwarder(int port, String mark) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.mark = mark;
        this.executor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("bollard-edge-http-", 0)
                .factory());
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** @return the client that calls the loopback listener */
    HttpClient http() {
        return http;
    }

    /**
     * The HTTP request an envelope stands for.
     *
     * @param received a {@code request} envelope, its body decoded
     * @return the request
     * @throws IllegalArgumentException with a message for the server when the envelope is malformed
     */
    HttpRequest toHttp(Envelopes.Received received) {
        JsonNode envelope = received.envelope();
        String method = text(envelope, "method", "GET").toUpperCase(Locale.ROOT);
        if (!METHOD.matcher(method).matches()) {
            throw new IllegalArgumentException("method '" + method + "' is not an HTTP method");
        }
        String path = text(envelope, "path", null);
        if (path == null || !path.startsWith("/") || path.startsWith("//") || path.contains("?")
                || path.contains("#")) {
            throw new IllegalArgumentException("path must start with / and hold no query (use query) or fragment");
        }
        String query = query(envelope.get("query"));
        URI uri;
        try {
            uri = URI.create(base + path + (query.isEmpty() ? "" : "?" + query));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("path or query is not a valid URI part (percent-encode it): "
                    + e.getMessage());
        }
        byte[] body = received.body() != null ? received.body() : body(envelope.get("body"));
        int length = received.body() != null ? received.bodyLength() : body.length;
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .method(method, length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body, 0, length));
        JsonNode headers = envelope.get("headers");
        if (headers != null && !headers.isNull()) {
            if (!headers.isObject()) {
                throw new IllegalArgumentException("headers must be an object of name to value (or list of values)");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> h = it.next();
                String name = h.getKey();
                if (!HEADER_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'" + name + "' is not a header name");
                }
                if (HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                if (h.getValue().isArray()) {
                    h.getValue().forEach(v -> builder.header(name, v.asText()));
                } else if (!h.getValue().isNull()) {
                    builder.header(name, h.getValue().asText());
                }
            }
        }
        // Set after the server's headers, whose own of that name were dropped: only this process knows the value.
        builder.header(TunnelMark.HEADER, mark);
        return builder.build();
    }

    private static String query(JsonNode query) {
        if (query == null || query.isNull()) {
            return "";
        }
        if (query.isTextual()) {
            String raw = query.asText();
            return raw.startsWith("?") ? raw.substring(1) : raw;
        }
        if (!query.isObject()) {
            throw new IllegalArgumentException("query must be a string (already encoded) or an object of name to "
                    + "value (or list of values)");
        }
        StringBuilder out = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = query.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isArray()) {
                e.getValue().forEach(v -> append(out, e.getKey(), v.asText()));
            } else if (!e.getValue().isNull()) {
                append(out, e.getKey(), e.getValue().asText());
            }
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String name, String value) {
        if (!out.isEmpty()) {
            out.append('&');
        }
        out.append(encode(name)).append('=').append(encode(value));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] body(JsonNode body) {
        if (body == null || body.isNull()) {
            return new byte[0];
        }
        if (!body.isTextual()) {
            throw new IllegalArgumentException("body must be a base64 string");
        }
        try {
            return Base64.getDecoder().decode(body.asText());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("body is not valid base64: " + e.getMessage());
        }
    }

    private static String text(JsonNode envelope, String field, String fallback) {
        JsonNode n = envelope.get(field);
        return n == null || n.isNull() ? fallback : n.asText();
    }

    @Override
    public void close() {
        http.shutdownNow();
        executor.shutdownNow();
    }
}
