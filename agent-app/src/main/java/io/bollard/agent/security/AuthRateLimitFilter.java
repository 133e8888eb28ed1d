package io.bollard.agent.security;

import io.bollard.plugin.error.ErrorBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.OptionalLong;

/**
 * Answers enrollment attempts from a client address that failed authentication too often with 429 and
 * {@code Retry-After}, before the enrollment token is compared. Other routes answer 429 only to requests that fail
 * authentication ({@link UnauthorizedHandler}): a valid token is never slowed.
 */
@ServerFilter("/agent/enroll")
public class AuthRateLimitFilter implements Ordered {

    private final AuthFailureLimiter limiter;
    private final TunnelMark mark;

    /**
     * @param limiter the failure counter
     * @param mark    tells the edge tunnel's requests from other local clients
     */
    public AuthRateLimitFilter(AuthFailureLimiter limiter, TunnelMark mark) {
        this.limiter = limiter;
        this.mark = mark;
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
        OptionalLong wait = limiter.retryAfter(mark.client(request));
        return wait.isEmpty() ? null : tooManyRequests(wait.getAsLong());
    }

    /**
     * The answer to a blocked address.
     *
     * @param seconds how long the block lasts
     * @return a JSON 429 with {@code Retry-After}
     */
    static MutableHttpResponse<?> tooManyRequests(long seconds) {
        return HttpResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody("too_many_requests", "Too many failed authentications from this address; "
                        + "try again in " + seconds + " s"));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }
}
