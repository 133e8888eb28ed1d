package io.bollard.agent.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

/**
 * Refuses, on every API route, a token the agent signed for another use: the one it presents to the edge server
 * when it connects. That token leaves the host (to the server, and to whatever relays the connection and logs its
 * headers); as an API token it would give whoever saw it the API for its two minutes.
 */
@Singleton
public class HandshakeTokenValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    /** The claim naming what a token the agent signed is for; API tokens have none. */
    public static final String TOKEN_USE = "token_use";

    /** Its value in the token of the edge connection's handshake. */
    public static final String EDGE_HANDSHAKE = "edge_handshake";

    @Override
    public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
        return claims.get(TOKEN_USE) == null;
    }
}
