package io.bollard.agent.security;

import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.identity.DockerIdentity;
import io.bollard.agent.web.AgentInfo;
import io.bollard.agent.web.AgentInfoController;
import io.bollard.plugin.AgentIdentity;
import io.bollard.plugin.AgentPlugin;
import io.bollard.plugin.error.ApiException;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * {@code POST /agent/enroll}: exists only for an agent started with {@code AGENT_ENROLL_TOKEN} and no
 * {@code AGENT_SECRET}. The first call carrying the enrollment token as its bearer makes the agent's secret and
 * answers it once; every later call is refused, also after a restart.
 */
@Controller(EnrollController.PATH)
@Requires(property = AgentConfigurationProperties.ENROLL_TOKEN)
@ExecuteOn(TaskExecutors.BLOCKING)
public class EnrollController {

    /** The path, which the security rule leaves to this controller. */
    public static final String PATH = "/agent/enroll";

    private static final Logger LOG = LoggerFactory.getLogger(EnrollController.class);

    private final byte[] tokenDigest;
    private final SecretStore secrets;
    private final AuthFailureLimiter limiter;
    private final TunnelMark mark;
    private final AgentIdentity identity;
    private final DockerIdentity dockerIdentity;
    private final List<AgentPlugin> plugins;
    private final String tlsFingerprint;

    /**
     * @param token          the enrollment token
     * @param secrets        where the secret goes
     * @param limiter        counts wrong tokens
     * @param mark           tells the edge tunnel's requests from other local clients
     * @param identity       the agent's id and version
     * @param dockerIdentity the host's name
     * @param plugins        the plugins that are on
     * @param tlsFingerprint the listener certificate's fingerprint
     */
    public EnrollController(@Property(name = AgentConfigurationProperties.ENROLL_TOKEN) String token,
                            SecretStore secrets, AuthFailureLimiter limiter, TunnelMark mark,
                            AgentIdentity identity,
                            DockerIdentity dockerIdentity, List<AgentPlugin> plugins,
                            @Nullable @Property(name = AgentConfigurationProperties.TLS_FINGERPRINT)
                            String tlsFingerprint) {
        this.tokenDigest = sha256(token);
        this.secrets = secrets;
        this.limiter = limiter;
        this.mark = mark;
        this.identity = identity;
        this.dockerIdentity = dockerIdentity;
        this.plugins = plugins;
        this.tlsFingerprint = tlsFingerprint;
    }

    /**
     * Enrolls the agent.
     *
     * @param request       the request, for the client's address
     * @param authorization {@code Bearer <enrollment token>}
     * @return the agent's identity and its new secret
     */
    @Post
    public Enrollment enroll(HttpRequest<?> request, @Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        // An HTTP authentication scheme is case-insensitive (RFC 9110): "bearer" is Bearer.
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring("Bearer ".length()).trim() : "";
        // Digests of equal length, compared in constant time: the token's length and content do not leak.
        if (!MessageDigest.isEqual(tokenDigest, sha256(presented))) {
            limiter.failed(mark.client(request));
            throw new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", "Wrong or missing enrollment token");
        }
        String secret;
        try {
            secret = secrets.enroll(tokenDigest);
        } catch (SecretStore.AlreadyEnrolledException e) {
            throw new ApiException(HttpStatus.CONFLICT, "already_enrolled",
                    "This agent is enrolled already; its enrollment token is spent");
        }
        LOG.info("Enrolled by {}; the enrollment token is spent", request.getRemoteAddress().getAddress());
        return new Enrollment(identity.id(), dockerIdentity.read().hostname(), identity.version(), secret,
                tlsFingerprint, AgentInfoController.pluginInfos(plugins));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * What an enrollment answers, once.
     *
     * @param agentId        the agent's id
     * @param hostname       the name it reports
     * @param version        its version
     * @param secret         the HS256 secret for tokens from now on
     * @param tlsFingerprint the listener certificate's fingerprint, to pin
     * @param plugins        the plugins that are on
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Enrollment(String agentId, @Nullable String hostname, String version, String secret,
                             @Nullable String tlsFingerprint, List<AgentInfo.PluginInfo> plugins) {

        @Override
        public String toString() {
            return "Enrollment[agentId=" + agentId + ", secret=***]";
        }
    }
}
