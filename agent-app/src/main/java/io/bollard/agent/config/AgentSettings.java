package io.bollard.agent.config;

import io.bollard.agent.identity.StoredAgentIdentity;
import io.bollard.plugin.PluginConfigurationProperties;
import io.bollard.plugin.docker.BooleanParameter;
import io.bollard.plugin.docker.DockerEndpoint;
import io.bollard.plugin.filter.LabelFilter;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's settings, read from environment variables and checked before anything starts.
 *
 * @param dockerHost        {@code DOCKER_HOST}
 * @param filter            {@code DOCKER_FILTER}, parsed
 * @param secret            {@code AGENT_SECRET}
 * @param port              {@code AGENT_PORT}
 * @param hostname          {@code AGENT_HOSTNAME}, or null for Docker's host name
 * @param dataDir           {@code AGENT_DATA_DIR}, created when missing
 * @param pluginAllowList   {@code AGENT_PLUGINS}, or null for every plugin
 * @param pluginsDir        {@code AGENT_PLUGINS_DIR}; null for none
 * @param pluginSwitches    {@code AGENT_PLUGINS_<ID>_ENABLED}, by plugin id
 * @param logLevel          {@code LOG_LEVEL}
 * @param logJson           {@code LOG_JSON}
 * @param hostProc          {@code AGENT_HOST_PROC}: where the host's {@code /proc} is mounted, or null
 * @param tls               {@code AGENT_TLS}: serve HTTPS (the default) or plain HTTP
 * @param tlsCert           {@code AGENT_TLS_CERT}, or null for the agent's own certificate
 * @param tlsKey            {@code AGENT_TLS_KEY}, or null
 * @param tlsClientCa       {@code AGENT_TLS_CLIENT_CA}, or null for no client certificates
 * @param enrollToken       {@code AGENT_ENROLL_TOKEN}, or null; ignored when {@code AGENT_SECRET} is set
 * @param authMaxFailures   {@code AGENT_AUTH_MAX_FAILURES}: failed authentications a client address may make in a
 *                          minute before it is refused for a while
 * @param authBlockSeconds  {@code AGENT_AUTH_BLOCK_SECONDS}: how long such an address is refused
 * @param files             the files plugin's settings
 * @param compose           the compose plugin's settings
 * @param edge              edge mode's settings ({@code AGENT_MODE=edge}), or null in direct mode
 * @param metricsPublic     {@code AGENT_METRICS_PUBLIC}: {@code /metrics} answers without a token
 * @param apiDocs           {@code AGENT_API_DOCS}: serve the Swagger UI at {@code /swagger-ui}
 * @param health            the health file's settings ({@code AGENT_HEALTH_FILE})
 */
public record AgentSettings(String dockerHost, LabelFilter filter, String secret, int port, String hostname,
                            Path dataDir, String pluginAllowList, Path pluginsDir,
                            Map<String, Boolean> pluginSwitches, String logLevel, boolean logJson,
                            Path hostProc, boolean tls, Path tlsCert, Path tlsKey, Path tlsClientCa,
                            String enrollToken, int authMaxFailures, int authBlockSeconds, FileSettings files,
                            ComposeSettings compose, EdgeSettings edge, boolean metricsPublic,
                            boolean apiDocs, HealthSettings health) {

    /** The least number of bytes of an HS256 secret; shorter ones make every token fail. */
    public static final int MIN_SECRET_BYTES = 32;

    /** The least number of characters of an enrollment token. */
    public static final int MIN_ENROLL_TOKEN_CHARS = 16;

    /** Where an enrolled agent keeps its secret, in the data folder. */
    public static final String STORED_SECRET_FILE = "agent-secret";

    /** Default {@code DOCKER_HOST}. */
    public static final String DEFAULT_DOCKER_HOST = "unix:///var/run/docker.sock";

    /** Default {@code AGENT_PORT}. */
    public static final int DEFAULT_PORT = 7007;

    private static final Set<String> LOG_LEVELS = Set.of("debug", "info", "warn", "error");
    private static final Pattern PLUGIN_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern PLUGIN_SWITCH = Pattern.compile("AGENT_PLUGINS_([A-Z0-9_]+)_ENABLED");

    /**
     * Reads and checks the settings.
     *
     * @param env            the environment variables
     * @param defaultPlugins the plugins folder to use when {@code AGENT_PLUGINS_DIR} is not set
     * @return the settings
     * @throws SettingsException naming the first bad variable
     */
    public static AgentSettings fromEnvironment(Map<String, String> env, Path defaultPlugins) {
        String dockerHost = dockerHost(value(env, "DOCKER_HOST", DEFAULT_DOCKER_HOST));
        LabelFilter filter;
        try {
            filter = LabelFilter.parse(env.get("DOCKER_FILTER"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("DOCKER_FILTER", e.getMessage());
        }
        String given = givenSecret(env);
        String secret = given == null ? null : secret(given);
        int port = port(env);
        String hostname = blankToNull(env.get("AGENT_HOSTNAME"));
        if (hostname != null && !hostname.matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}")) {
            throw new SettingsException("AGENT_HOSTNAME", "'" + hostname + "' is not a host name");
        }
        Path dataDir = dataDir(value(env, "AGENT_DATA_DIR", "/data"));
        String allow = pluginList(blankToNull(env.get("AGENT_PLUGINS")));
        Path pluginsDir = path("AGENT_PLUGINS_DIR", env.get("AGENT_PLUGINS_DIR"), defaultPlugins);
        Map<String, Boolean> switches = pluginSwitches(env);
        String logLevel = value(env, "LOG_LEVEL", "info").toLowerCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new SettingsException("LOG_LEVEL", "'" + env.get("LOG_LEVEL") + "' is not one of debug, info, warn, error");
        }
        boolean logJson = bool("LOG_JSON", value(env, "LOG_JSON", "false"));
        Path hostProc = path("AGENT_HOST_PROC", env.get("AGENT_HOST_PROC"), null);
        if (hostProc != null && !Files.isRegularFile(hostProc.resolve("stat"))) {
            throw new SettingsException("AGENT_HOST_PROC", "'" + hostProc + "' is not a /proc folder (no stat file)");
        }
        EdgeSettings edge = edge(env);
        // In edge mode the agent serves only a loopback listener the tunnel calls; TLS is the tunnel's.
        boolean tls = edge == null && tls(env);
        Path tlsCert = readableFile("AGENT_TLS_CERT", env.get("AGENT_TLS_CERT"));
        Path tlsKey = readableFile("AGENT_TLS_KEY", env.get("AGENT_TLS_KEY"));
        Path tlsClientCa = readableFile("AGENT_TLS_CLIENT_CA", env.get("AGENT_TLS_CLIENT_CA"));
        if (edge != null && (tlsCert != null || tlsKey != null || tlsClientCa != null)) {
            throw new SettingsException("AGENT_MODE", "is edge: the agent opens no port, so AGENT_TLS_CERT, "
                    + "AGENT_TLS_KEY and AGENT_TLS_CLIENT_CA have no use; remove them (AGENT_EDGE_CA or "
                    + "AGENT_EDGE_SERVER_FINGERPRINT say how the server is trusted)");
        }
        if (!tls && (tlsCert != null || tlsKey != null || tlsClientCa != null)) {
            throw new SettingsException("AGENT_TLS", "is false, but AGENT_TLS_CERT, AGENT_TLS_KEY or "
                    + "AGENT_TLS_CLIENT_CA is set; remove one or the other");
        }
        String enrollToken = secret == null ? blankToNull(env.get("AGENT_ENROLL_TOKEN")) : null;
        if (enrollToken != null && enrollToken.length() < MIN_ENROLL_TOKEN_CHARS) {
            throw new SettingsException("AGENT_ENROLL_TOKEN", "is " + enrollToken.length() + " characters; give at least "
                    + MIN_ENROLL_TOKEN_CHARS + " (for example: openssl rand -hex 16)");
        }
        if (secret == null && enrollToken == null && !Files.exists(dataDir.resolve(STORED_SECRET_FILE))) {
            throw new SettingsException("AGENT_SECRET", "is not set; give at least " + MIN_SECRET_BYTES
                    + " random bytes (for example: openssl rand -hex 32), or AGENT_ENROLL_TOKEN to enroll");
        }
        int maxFailures = positive("AGENT_AUTH_MAX_FAILURES", value(env, "AGENT_AUTH_MAX_FAILURES", "10"));
        int blockSeconds = positive("AGENT_AUTH_BLOCK_SECONDS", value(env, "AGENT_AUTH_BLOCK_SECONDS", "60"));
        FileSettings files = new FileSettings(
                path("AGENT_VOLUMES_DIR", env.get("AGENT_VOLUMES_DIR"), null),
                bytes("AGENT_FILES_MAX_UPLOAD", value(env, "AGENT_FILES_MAX_UPLOAD", "1GiB")),
                bytes("AGENT_FILES_MAX_READ", value(env, "AGENT_FILES_MAX_READ", "10MiB")),
                positive("AGENT_FILES_MAX_ENTRIES", value(env, "AGENT_FILES_MAX_ENTRIES", "100000")),
                bool("AGENT_FILES_READ_ONLY", value(env, "AGENT_FILES_READ_ONLY", "false")));
        String policy = value(env, "AGENT_COMPOSE_POLICY", "permissive").toLowerCase(Locale.ROOT);
        if (!policy.equals("permissive") && !policy.equals("restricted")) {
            throw new SettingsException("AGENT_COMPOSE_POLICY", "'" + env.get("AGENT_COMPOSE_POLICY")
                    + "' is not permissive or restricted");
        }
        Path stacksHostDir = path("AGENT_STACKS_HOST_DIR", env.get("AGENT_STACKS_HOST_DIR"), null);
        ComposeSettings compose = new ComposeSettings(policy, stacksHostDir,
                positive("AGENT_COMPOSE_WAIT_SECONDS", value(env, "AGENT_COMPOSE_WAIT_SECONDS", "300")));
        boolean metricsPublic = bool("AGENT_METRICS_PUBLIC", value(env, "AGENT_METRICS_PUBLIC", "false"));
        boolean apiDocs = bool("AGENT_API_DOCS", value(env, "AGENT_API_DOCS", "false"));
        // Not checked further here: a health file that cannot be written is reported by its writer, and the
        // image's health check then probes with a JVM of its own, as it would without the file.
        HealthSettings health = new HealthSettings(path("AGENT_HEALTH_FILE", env.get("AGENT_HEALTH_FILE"), null),
                path("AGENT_HEALTHCHECK_CERT", env.get("AGENT_HEALTHCHECK_CERT"), null),
                path("AGENT_HEALTHCHECK_KEY", env.get("AGENT_HEALTHCHECK_KEY"), null));
        return new AgentSettings(dockerHost, filter, secret, port, hostname, dataDir, allow, pluginsDir, switches,
                logLevel, logJson, hostProc, tls, tlsCert, tlsKey, tlsClientCa, enrollToken, maxFailures,
                blockSeconds, files, compose, edge, metricsPublic, apiDocs, health);
    }

    /** @return whether the agent dials out to a server ({@code AGENT_MODE=edge}) instead of listening */
    public boolean edgeMode() {
        return edge != null;
    }

    private static EdgeSettings edge(Map<String, String> env) {
        String mode = value(env, "AGENT_MODE", "direct").toLowerCase(Locale.ROOT);
        switch (mode) {
            case "direct" -> {
                if (blankToNull(env.get("AGENT_EDGE_SERVER")) != null) {
                    throw new SettingsException("AGENT_EDGE_SERVER", "is set, but AGENT_MODE is not edge; set "
                            + "AGENT_MODE=edge to dial out to it");
                }
                return null;
            }
            case "edge" -> {
                return EdgeSettings.fromEnvironment(env, readableFile("AGENT_EDGE_CA", env.get("AGENT_EDGE_CA")));
            }
            default -> throw new SettingsException("AGENT_MODE", "'" + env.get("AGENT_MODE")
                    + "' is not direct or edge");
        }
    }

    /**
     * The Micronaut properties these settings stand for.
     *
     * @return property key to value
     */
    public Map<String, Object> toProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("micronaut.application.name", "bollard");
        if (edge == null) {
            p.put("micronaut.server.port", port);
        } else {
            // No port on the host's network: a loopback listener on a port the system picks, called by the tunnel.
            p.put("micronaut.server.host", "127.0.0.1");
            p.put("micronaut.server.port", -1);
            p.put(AgentConfigurationProperties.EDGE_SERVER, edge.server().toString());
            if (edge.ca() != null) {
                p.put(AgentConfigurationProperties.EDGE_CA, edge.ca().toString());
            }
            if (edge.fingerprint() != null) {
                p.put(AgentConfigurationProperties.EDGE_FINGERPRINT, edge.fingerprint());
            }
            p.put(AgentConfigurationProperties.EDGE_RECONNECT_INITIAL, edge.reconnectInitial().toMillis());
            p.put(AgentConfigurationProperties.EDGE_RECONNECT_MAX, edge.reconnectMax().toMillis());
            p.put(AgentConfigurationProperties.EDGE_HEARTBEAT, edge.heartbeat().toMillis());
            p.put(AgentConfigurationProperties.EDGE_UNHEALTHY_AFTER, edge.unhealthyAfter().toMillis());
        }
        p.put(AgentConfigurationProperties.DOCKER_HOST, dockerHost);
        p.put(AgentConfigurationProperties.FILTER, filter.toString());
        if (hostname != null) {
            p.put(AgentConfigurationProperties.HOSTNAME, hostname);
        }
        p.put(AgentConfigurationProperties.DATA_DIR, dataDir.toString());
        if (pluginsDir != null) {
            p.put(AgentConfigurationProperties.PLUGINS_DIR, pluginsDir.toString());
        }
        if (pluginAllowList != null) {
            p.put(PluginConfigurationProperties.ALLOW_LIST, pluginAllowList);
        }
        pluginSwitches.forEach((id, on) -> p.put(PluginConfigurationProperties.enabledKey(id), on));
        if (hostProc != null) {
            p.put(AgentConfigurationProperties.HOST_PROC, hostProc.toString());
        }
        if (secret != null) {
            p.put(AgentConfigurationProperties.SECRET, secret);
        }
        if (enrollToken != null) {
            p.put(AgentConfigurationProperties.ENROLL_TOKEN, enrollToken);
        }
        p.put(AgentConfigurationProperties.AUTH_MAX_FAILURES, authMaxFailures);
        p.put(AgentConfigurationProperties.AUTH_BLOCK_SECONDS, authBlockSeconds);
        p.put(AgentConfigurationProperties.METRICS_PUBLIC, metricsPublic);
        p.put(AgentConfigurationProperties.API_DOCS, apiDocs);
        if (health.file() != null) {
            p.put(AgentConfigurationProperties.HEALTH_FILE, health.file().toString());
            if (health.clientCert() != null && health.clientKey() != null) {
                p.put(AgentConfigurationProperties.HEALTH_CLIENT_CERT, health.clientCert().toString());
                p.put(AgentConfigurationProperties.HEALTH_CLIENT_KEY, health.clientKey().toString());
            }
        }
        if (files.volumesDir() != null) {
            p.put("agent.files.volumes-dir", files.volumesDir().toString());
        }
        p.put("agent.files.max-upload", files.maxUpload());
        p.put("agent.files.max-read", files.maxRead());
        p.put("agent.files.max-entries", files.maxEntries());
        p.put("agent.files.read-only", files.readOnly());
        p.put("agent.compose.policy", compose.policy());
        p.put("agent.compose.wait-seconds", compose.waitSeconds());
        if (compose.stacksHostDir() != null) {
            p.put("agent.compose.stacks-host-dir", compose.stacksHostDir().toString());
        }
        // Uploads may be as large as allowed; beyond a small threshold they are buffered on disk, not the heap.
        p.put("micronaut.server.max-request-size", files.maxUpload() + (1L << 20));
        p.put("micronaut.server.multipart.max-file-size", files.maxUpload());
        p.put("micronaut.server.multipart.mixed", true);
        p.put("micronaut.server.multipart.threshold", 1 << 16);
        return p;
    }

    private static String dockerHost(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme();
            if (new DockerEndpoint(value, DockerEndpoint.CallTimer.NONE).unixSocket().isPresent()) {
                return value;
            }
            if (("tcp".equals(scheme) || "http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null) {
                return value;
            }
        } catch (URISyntaxException e) {
            // Reported below.
        }
        throw new SettingsException("DOCKER_HOST",
                "'" + value + "' is not unix:///path/to/docker.sock or tcp://host:port");
    }

    /** The most a secret file may hold. */
    static final int MAX_SECRET_FILE_BYTES = 4096;

    /**
     * The secret the operator gave: {@code AGENT_SECRET}, or the content of the file {@code AGENT_SECRET_FILE}
     * names (a Docker or Kubernetes secret, without its final line break).
     *
     * @param env the environment
     * @return the secret, or null when neither is set
     * @throws SettingsException when the file cannot be read, is empty or is too large
     */
    public static String givenSecret(Map<String, String> env) {
        if (blankToNull(env.get("AGENT_SECRET")) != null) {
            return env.get("AGENT_SECRET");
        }
        String file = blankToNull(env.get("AGENT_SECRET_FILE"));
        if (file == null) {
            return null;
        }
        byte[] bytes;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(Path.of(file))) {
            // A secret is short: /dev/zero or a wrong, huge file must not fill the heap.
            bytes = in.readNBytes(MAX_SECRET_FILE_BYTES + 1);
        } catch (java.io.IOException | RuntimeException e) {
            // The exception's class names the problem; the secret is never in a message.
            throw new SettingsException("AGENT_SECRET_FILE", "cannot read " + file + ": "
                    + e.getClass().getSimpleName());
        }
        if (bytes.length > MAX_SECRET_FILE_BYTES) {
            throw new SettingsException("AGENT_SECRET_FILE", file + " is larger than " + MAX_SECRET_FILE_BYTES
                    + " bytes; it should hold the secret only");
        }
        String content = blankToNull(new String(bytes, StandardCharsets.UTF_8).replaceAll("[\\r\\n]+$", ""));
        if (content == null) {
            throw new SettingsException("AGENT_SECRET_FILE", file + " is empty");
        }
        return content;
    }

    private static String secret(String value) {
        if (value.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new SettingsException("AGENT_SECRET", "is " + value.getBytes(StandardCharsets.UTF_8).length
                    + " bytes; HS256 needs at least " + MIN_SECRET_BYTES + " (for example: openssl rand -hex 32)");
        }
        return value;
    }

    /**
     * {@code AGENT_PORT}, read as the agent reads it (also for its {@code healthcheck} command).
     *
     * @param env the environment
     * @return the port
     * @throws SettingsException when it is not a port number
     */
    public static int port(Map<String, String> env) {
        return port(value(env, "AGENT_PORT", String.valueOf(DEFAULT_PORT)));
    }

    /**
     * {@code AGENT_TLS}, read as the agent reads it (also for its {@code healthcheck} command).
     *
     * @param env the environment
     * @return whether the listener serves HTTPS (in direct mode)
     * @throws SettingsException when it is not true or false
     */
    public static boolean tls(Map<String, String> env) {
        return bool("AGENT_TLS", value(env, "AGENT_TLS", "true"));
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new SettingsException("AGENT_PORT", "'" + value + "' is not a port number (1-65535)");
    }

    private static Path readableFile(String variable, String value) {
        Path file = path(variable, value, null);
        if (file != null && !Files.isReadable(file)) {
            throw new SettingsException(variable, "cannot read '" + file + "'");
        }
        return file;
    }

    private static long bytes(String variable, String value) {
        Matcher m = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE).matcher(value.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            int shift = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                case "k" -> 10;
                case "m" -> 20;
                case "g" -> 30;
                case "t" -> 40;
                default -> 0;
            };
            if (n > 0 && n < (Long.MAX_VALUE >> shift)) {
                return n << shift;
            }
        }
        throw new SettingsException(variable, "'" + value + "' is not a size such as 1048576, 10MiB or 1GiB");
    }

    private static int positive(String variable, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        throw new SettingsException(variable, "'" + value + "' is not a whole number above 0");
    }

    private static Path dataDir(String value) {
        Path dir = path("AGENT_DATA_DIR", value, null);
        try {
            Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
            throw new SettingsException("AGENT_DATA_DIR", "cannot create '" + dir + "': " + e.getMessage());
        }
        if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
            String uid = processUid();
            throw new SettingsException("AGENT_DATA_DIR", "'" + dir + "' is not a writable folder (the agent runs as "
                    + "uid " + uid + ": a host folder mounted there must be writable by it, chown " + uid + ")");
        }
        // The agent's id is read when a route first needs it; a damaged one must stop the start, not fail routes.
        Path idFile = dir.resolve(StoredAgentIdentity.ID_FILE);
        if (Files.exists(idFile)) {
            try {
                UUID.fromString(Files.readString(idFile).trim());
            } catch (IOException | IllegalArgumentException e) {
                throw new SettingsException("AGENT_DATA_DIR", "'" + idFile + "' does not hold the agent's id (a "
                        + "UUID); remove it and the agent makes a new id");
            }
        }
        return dir;
    }

    private static Path path(String variable, String value, Path fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Path.of(value.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new SettingsException(variable, "'" + value + "' is not a path");
        }
    }

    private static String pluginList(String value) {
        if (value == null) {
            return null;
        }
        for (String id : value.split(",")) {
            String trimmed = id.trim().toLowerCase(Locale.ROOT);
            if (!PLUGIN_ID.matcher(trimmed).matches()) {
                throw new SettingsException("AGENT_PLUGINS", "'" + id.trim() + "' is not a plugin id "
                        + "(lowercase letters, digits and dashes, comma-separated)");
            }
        }
        return value.toLowerCase(Locale.ROOT);
    }

    private static Map<String, Boolean> pluginSwitches(Map<String, String> env) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            Matcher m = PLUGIN_SWITCH.matcher(name);
            if (m.matches()) {
                String id = m.group(1).toLowerCase(Locale.ROOT).replace('_', '-');
                out.put(id, bool(name, value));
            }
        });
        return out;
    }

    private static boolean bool(String variable, String value) {
        // The same spellings as query parameters take.
        return BooleanParameter.read(value == null ? "" : value)
                .orElseThrow(() -> new SettingsException(variable, "'" + value + "' is not true or false"));
    }

    private static String value(Map<String, String> env, String name, String fallback) {
        String v = env.get(name);
        return v == null || v.isBlank() ? fallback : v.trim();
    }

    /** The agent's own uid, for messages; {@code ?} where the system does not tell. */
    private static String processUid() {
        try {
            return String.valueOf(java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (java.io.IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "?";
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "AgentSettings[dockerHost=" + dockerHost + ", filter=" + filter + ", port=" + port + ", tls=" + tls
                + ", dataDir=" + dataDir + ", plugins=" + pluginAllowList + ", pluginsDir=" + pluginsDir
                + (edge == null ? "" : ", edge=" + edge.server()) + "]";
    }
}
