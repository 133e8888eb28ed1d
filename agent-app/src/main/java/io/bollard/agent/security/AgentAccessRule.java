package io.bollard.agent.security;

import io.bollard.agent.apidocs.SwaggerUiController;
import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.metrics.MetricsController;
import io.bollard.agent.web.PingController;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.rules.SecurityRuleResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * The agent's one access rule: {@code /agent/ping} is open, {@code /agent/enroll} checks its own token,
 * {@code /metrics} is open when {@code AGENT_METRICS_PUBLIC=true}, the Swagger UI page when {@code AGENT_API_DOCS=true},
 * everything else (every plugin's routes and sockets,
 * including plugins loaded from jars) needs a valid token. Ordered first, so no other rule can open a route.
 */
@Singleton
public class AgentAccessRule implements SecurityRule<HttpRequest<?>> {

    /** Runs before Micronaut's own rules. */
    public static final int ORDER = -1000;

    private final boolean metricsPublic;
    private final boolean apiDocs;

    /**
     * @param metricsPublic whether Prometheus may scrape {@code /metrics} without a token
     * @param apiDocs       whether the Swagger UI page is served (it holds nothing secret; it asks for a token)
     */
    public AgentAccessRule(@Property(name = AgentConfigurationProperties.METRICS_PUBLIC, defaultValue = "false")
                           boolean metricsPublic,
                           @Property(name = AgentConfigurationProperties.API_DOCS, defaultValue = "false")
                           boolean apiDocs) {
        this.metricsPublic = metricsPublic;
        this.apiDocs = apiDocs;
    }

    @Override
    public Publisher<SecurityRuleResult> check(HttpRequest<?> request, @Nullable Authentication authentication) {
        // Ping is open; enroll checks its own one-time token.
        if (PingController.PATH.equals(request.getPath()) || EnrollController.PATH.equals(request.getPath())) {
            return Mono.just(SecurityRuleResult.ALLOWED);
        }
        // Micronaut answers a request whose URL it cannot parse (a bad %-escape) through a stand-in request for /
        // without the caller's headers: refused here, a caller with a valid token got 401 (and counted as a failed
        // authentication) instead of the 400 the URL deserves. Nothing is served at /: open, it is a 404.
        if ("/".equals(request.getPath())) {
            return Mono.just(SecurityRuleResult.ALLOWED);
        }
        if (metricsPublic && MetricsController.PATH.equals(request.getPath())
                || apiDocs && (SwaggerUiController.PATH.equals(request.getPath())
                        || request.getPath().startsWith(SwaggerUiController.PATH + "/")
                        && SwaggerUiController.FILES.contains(request.getPath().substring(
                                SwaggerUiController.PATH.length() + 1)))) {
            return Mono.just(SecurityRuleResult.ALLOWED);
        }
        return Mono.just(authentication != null ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
