package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bollard.agent.AgentLauncher;
import io.bollard.agent.config.AgentSettings;
import io.bollard.agent.security.TokenCommand;
import io.bollard.testing.TestDocker;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An agent started in this JVM exactly as {@code java -jar} starts it (settings from an environment map), on a
 * free port with its own data folder, plus an HTTP client that calls it the way a server does.
 */
public final class RunningAgent implements AutoCloseable {

    /** Reads JSON answers. */
    public static final ObjectMapper JSON = new ObjectMapper();

    private final ApplicationContext context;
    private final int port;
    private final String secret;
    private final Path dataDir;
    private final boolean tls;
    private final HttpClient http;

    private RunningAgent(ApplicationContext context, AgentSettings settings) {
        this.context = context;
        this.port = settings.port();
        this.secret = settings.secret();
        this.dataDir = settings.dataDir();
        this.tls = settings.tls();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (tls) {
            builder.sslContext(trusting(servedCertificate(settings)));
        }
        this.http = builder.build();
    }

    /** The certificate the agent serves: the operator's, or the one it made in its data folder. */
    private static Path servedCertificate(AgentSettings settings) {
        return settings.tlsCert() != null ? settings.tlsCert()
                : settings.dataDir().resolve("certs").resolve(io.bollard.agent.tls.TlsSetup.CERT_FILE);
    }

    /**
     * A TLS context that trusts exactly one certificate (and checks the host name against it, as clients do).
     *
     * @param certificate a PEM certificate file
     * @return the context
     */
    public static javax.net.ssl.SSLContext trusting(Path certificate) {
        try {
            return io.bollard.agent.tls.TrustingClient.of(
                    io.bollard.agent.tls.Certificates.readCertificates(certificate).get(0));
        } catch (Exception e) {
            throw new IllegalStateException("cannot trust " + certificate, e);
        }
    }

    /**
     * Starts an agent with the test engine and no filter.
     *
     * @return the agent
     */
    public static RunningAgent start() {
        return start(Map.of());
    }

    /**
     * Starts an agent.
     *
     * @param env environment variables on top of the defaults (test engine, fresh secret, temp data folder)
     * @return the agent
     */
    public static RunningAgent start(Map<String, String> env) {
        try {
            Map<String, String> all = new HashMap<>();
            all.put("DOCKER_HOST", TestDocker.host());
            all.put("AGENT_SECRET", UUID.randomUUID() + "-" + UUID.randomUUID());
            all.put("AGENT_PORT", String.valueOf(freePort()));
            all.put("AGENT_DATA_DIR", Files.createTempDirectory("bollard-it-data").toString());
            all.put("AGENT_PLUGINS_DIR", Files.createTempDirectory("bollard-it-plugins").toString());
            all.putAll(env);
            // An empty value removes a default, as an unset variable would be.
            all.values().removeIf(String::isEmpty);
            LogAudit.remember(all.get("AGENT_SECRET"));
            LogAudit.remember(all.get("AGENT_ENROLL_TOKEN"));
            AgentSettings settings = AgentSettings.fromEnvironment(all, null);
            ApplicationContext context = AgentLauncher.start(settings);
            return new RunningAgent(context, settings);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port nobody listens on right now.
     *
     * @return the port
     */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a valid token for one hour */
    public String token() {
        String token = TokenCommand.sign(secret, "it", Duration.ofHours(1));
        LogAudit.remember(token);
        return token;
    }

    /**
     * A token signed with another secret (an enrolled agent's).
     *
     * @param otherSecret the secret
     * @return a valid token for one hour
     */
    public static String token(String otherSecret) {
        LogAudit.remember(otherSecret);
        String token = TokenCommand.sign(otherSecret, "it", Duration.ofHours(1));
        LogAudit.remember(token);
        return token;
    }

    /** @return the agent's secret */
    public String secret() {
        return secret;
    }

    /** @return the agent's port */
    public int port() {
        return port;
    }

    /** @return the agent's data folder */
    public Path dataDir() {
        return dataDir;
    }

    /** @return the running context, for looking at beans */
    public ApplicationContext context() {
        return context;
    }

    /**
     * An address on the agent.
     *
     * @param path path and query
     * @return the URI
     */
    public URI uri(String path) {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port + path);
    }

    /**
     * A WebSocket address on the agent.
     *
     * @param path path and query
     * @return the URI
     */
    public URI wsUri(String path) {
        return URI.create((tls ? "wss" : "ws") + "://127.0.0.1:" + port + path);
    }

    /**
     * A request builder with a valid token.
     *
     * @param path path and query
     * @return the builder
     */
    public HttpRequest.Builder authed(String path) {
        return authedWith(path, token());
    }

    /**
     * A request builder with the given bearer token.
     *
     * @param path  path and query
     * @param token the token
     * @return the builder
     */
    public HttpRequest.Builder authedWith(String path, String token) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
    }

    /**
     * Sends a request.
     *
     * @param request the request
     * @return the answer, body as text
     */
    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** @return the client */
    public HttpClient http() {
        return http;
    }

    /**
     * GET with a valid token.
     *
     * @param path path and query
     * @return the answer
     */
    public HttpResponse<String> get(String path) {
        return send(authed(path).GET().build());
    }

    /**
     * POST with a valid token.
     *
     * @param path path and query
     * @param json body, or null for none
     * @return the answer
     */
    public HttpResponse<String> post(String path, String json) {
        return send(authed(path).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    /**
     * PUT with a valid token.
     *
     * @param path path and query
     * @param json body
     * @return the answer
     */
    public HttpResponse<String> put(String path, String json) {
        return send(authed(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * DELETE with a valid token.
     *
     * @param path path and query
     * @return the answer
     */
    public HttpResponse<String> delete(String path) {
        return send(authed(path).DELETE().build());
    }

    /**
     * Parses a JSON answer.
     *
     * @param response the answer
     * @return the document
     */
    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Override
    public void close() {
        if (context.isRunning()) {
            context.close();
        }
    }
}
