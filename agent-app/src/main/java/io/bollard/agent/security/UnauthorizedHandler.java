package io.bollard.agent.security;

import io.bollard.plugin.error.ErrorBody;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

import java.util.OptionalLong;

/**
 * Answers a refused request with a JSON 401 (no valid token) or 403, and a {@code WWW-Authenticate} challenge;
 * each 401 counts against the client's address, and an address that failed too often gets 429 with
 * {@code Retry-After} instead, for a while (a request with a valid token never comes here, so it is not slowed).
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class UnauthorizedHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private final AuthFailureLimiter limiter;
    private final TunnelMark mark;

    /**
     * @param limiter counts failed authentications
     * @param mark    tells the edge tunnel's requests from other local clients
     */
    public UnauthorizedHandler(AuthFailureLimiter limiter, TunnelMark mark) {
        this.limiter = limiter;
        this.mark = mark;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            return HttpResponse.status(HttpStatus.FORBIDDEN)
                    .contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(new ErrorBody("forbidden", "This token may not use this route"));
        }
        Object address = mark.client(request);
        OptionalLong wait = limiter.retryAfter(address);
        if (wait.isPresent()) {
            return AuthRateLimitFilter.tooManyRequests(wait.getAsLong());
        }
        limiter.failed(address);
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody("unauthorized", "A valid token is required: 'Authorization: Bearer <JWT>', "
                        + "HS256-signed with the agent's secret, with exp in the future and nbf, if any, past"));
    }
}
