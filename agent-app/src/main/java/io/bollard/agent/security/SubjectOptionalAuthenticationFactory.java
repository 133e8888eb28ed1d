package io.bollard.agent.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.RolesFinder;
import io.micronaut.security.token.config.TokenConfiguration;
import io.micronaut.security.token.jwt.validator.DefaultJwtAuthenticationFactory;
import jakarta.inject.Singleton;

import java.text.ParseException;
import java.util.Optional;

/**
 * Accepts tokens without a {@code sub} claim: the agent has one caller (the server holding the secret), so a
 * valid signature and lifetime are what count; such callers are named {@value #ANONYMOUS_SERVER}.
 */
@Singleton
@Replaces(DefaultJwtAuthenticationFactory.class)
public class SubjectOptionalAuthenticationFactory extends DefaultJwtAuthenticationFactory {

    /** The name given to a caller whose token has no subject. */
    public static final String ANONYMOUS_SERVER = "server";

    /**
     * @param tokenConfiguration token settings
     * @param rolesFinder        finds roles in claims
     */
    public SubjectOptionalAuthenticationFactory(TokenConfiguration tokenConfiguration, RolesFinder rolesFinder) {
        super(tokenConfiguration, rolesFinder);
    }

    @Override
    protected Optional<String> usernameForClaims(JWTClaimsSet claimSet) throws ParseException {
        return withDefault(super.usernameForClaims(claimSet));
    }

    @Override
    protected Optional<String> usernameForClaims(Claims claims) {
        return withDefault(super.usernameForClaims(claims));
    }

    private static Optional<String> withDefault(Optional<String> name) {
        return name.isPresent() && !name.get().isBlank() ? name : Optional.of(ANONYMOUS_SERVER);
    }
}
