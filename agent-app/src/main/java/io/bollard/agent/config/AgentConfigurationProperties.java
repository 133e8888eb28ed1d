package io.bollard.agent.config;

/**
 * The Micronaut property keys the agent's own beans read, built from one prefix.
 */
public final class AgentConfigurationProperties {

    /** Prefix of the agent's keys. */
    public static final String PREFIX = "agent";

    /** The Docker endpoint ({@code DOCKER_HOST}). */
    public static final String DOCKER_HOST = PREFIX + ".docker.host";

    /** The label filter ({@code DOCKER_FILTER}). */
    public static final String FILTER = PREFIX + ".filter";

    /** The name the agent reports ({@code AGENT_HOSTNAME}); absent means Docker's host name. */
    public static final String HOSTNAME = PREFIX + ".hostname";

    /** The agent's state folder ({@code AGENT_DATA_DIR}). */
    public static final String DATA_DIR = PREFIX + ".data-dir";

    /** The folder of extra plugin jars ({@code AGENT_PLUGINS_DIR}). */
    public static final String PLUGINS_DIR = PREFIX + ".plugins-dir";

    /** Where the host's {@code /proc} is mounted ({@code AGENT_HOST_PROC}), for the host plugin. */
    public static final String HOST_PROC = PREFIX + ".host.proc-path";

    /** The HS256 secret tokens are signed with ({@code AGENT_SECRET}). */
    public static final String SECRET = PREFIX + ".secret";

    /** The one-time enrollment token ({@code AGENT_ENROLL_TOKEN}), present only while enrollment is possible. */
    public static final String ENROLL_TOKEN = PREFIX + ".enroll-token";

    /** Failed authentications a client address may make in a minute ({@code AGENT_AUTH_MAX_FAILURES}). */
    public static final String AUTH_MAX_FAILURES = PREFIX + ".auth.max-failures";

    /** How long an address that failed too often is refused ({@code AGENT_AUTH_BLOCK_SECONDS}). */
    public static final String AUTH_BLOCK_SECONDS = PREFIX + ".auth.block-seconds";

    /** The listener certificate's SHA-256 fingerprint, when TLS is on. */
    public static final String TLS_FINGERPRINT = PREFIX + ".tls.fingerprint";

    /** Edge mode's server address ({@code AGENT_EDGE_SERVER}); present only in edge mode. */
    public static final String EDGE_SERVER = PREFIX + ".edge.server";

    /** CA certificates the edge server's certificate must chain to ({@code AGENT_EDGE_CA}). */
    public static final String EDGE_CA = PREFIX + ".edge.ca";

    /** The edge server certificate's pinned SHA-256 fingerprint ({@code AGENT_EDGE_SERVER_FINGERPRINT}). */
    public static final String EDGE_FINGERPRINT = PREFIX + ".edge.fingerprint";

    /** The first reconnect delay in milliseconds ({@code AGENT_EDGE_RECONNECT_INITIAL}). */
    public static final String EDGE_RECONNECT_INITIAL = PREFIX + ".edge.reconnect-initial-millis";

    /** The longest reconnect delay in milliseconds ({@code AGENT_EDGE_RECONNECT_MAX}). */
    public static final String EDGE_RECONNECT_MAX = PREFIX + ".edge.reconnect-max-millis";

    /** The heartbeat interval in milliseconds ({@code AGENT_EDGE_HEARTBEAT}). */
    public static final String EDGE_HEARTBEAT = PREFIX + ".edge.heartbeat-millis";

    /** How long (ms) the agent may be without a tunnel before it is unhealthy ({@code AGENT_EDGE_UNHEALTHY_AFTER}). */
    public static final String EDGE_UNHEALTHY_AFTER = PREFIX + ".edge.unhealthy-after-millis";

    /** Whether {@code /metrics} answers without a token ({@code AGENT_METRICS_PUBLIC}). */
    public static final String METRICS_PUBLIC = PREFIX + ".metrics.public";

    /** Whether {@code /swagger-ui} is served ({@code AGENT_API_DOCS}). */
    public static final String API_DOCS = PREFIX + ".api-docs.enabled";

    /** Where the running agent writes its health verdict ({@code AGENT_HEALTH_FILE}); absent means nowhere. */
    public static final String HEALTH_FILE = PREFIX + ".health.file";

    /** The client certificate the agent's probe of itself presents under mTLS ({@code AGENT_HEALTHCHECK_CERT}). */
    public static final String HEALTH_CLIENT_CERT = PREFIX + ".health.client-cert";

    /** Its key ({@code AGENT_HEALTHCHECK_KEY}). */
    public static final String HEALTH_CLIENT_KEY = PREFIX + ".health.client-key";

    private AgentConfigurationProperties() {
    }
}
