package io.bollard.agent.security;

import io.bollard.agent.web.PingController;
import io.bollard.plugin.error.ErrorBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.OptionalLong;

/**
 * Answers 429 with {@code Retry-After} to a client address that failed authentication too often, before any
 * token is looked at; ping stays open.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class AuthRateLimitFilter implements Ordered {

    private final AuthFailureLimiter limiter;

    /**
     * @param limiter the failure counter
     */
    public AuthRateLimitFilter(AuthFailureLimiter limiter) {
        this.limiter = limiter;
    }

    /**
     * Refuses a blocked address.
     *
     * @param request the request
     * @return null to go on, or a 429
     */
    @RequestFilter
    @Nullable
    public HttpResponse<?> check(HttpRequest<?> request) {
        if (PingController.PATH.equals(request.getPath())) {
            return null;
        }
        OptionalLong wait = limiter.retryAfter(request.getRemoteAddress().getAddress());
        if (wait.isEmpty()) {
            return null;
        }
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(wait.getAsLong()))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody("too_many_requests", "Too many failed authentications from this address; "
                        + "try again in " + wait.getAsLong() + " s"));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
