package io.bollard.agent.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Requires {@code exp} in every token and refuses tokens that are expired or not yet valid ({@code nbf}), with a
 * small allowance for clocks that differ.
 */
@Singleton
public class TimeClaimsValidator implements GenericJwtClaimsValidator<HttpRequest<?>> {

    /** How far the server's clock may be off. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final Clock clock;

    /** Uses the system clock. */
    public TimeClaimsValidator() {
        this(Clock.systemUTC());
    }

    TimeClaimsValidator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean validate(Claims claims, @Nullable HttpRequest<?> request) {
        Instant now = clock.instant();
        Instant exp = instant(claims.get(Claims.EXPIRATION_TIME));
        if (exp == null || !now.isBefore(exp.plus(CLOCK_SKEW))) {
            return false;
        }
        Instant nbf = instant(claims.get(Claims.NOT_BEFORE));
        return nbf == null || !now.plus(CLOCK_SKEW).isBefore(nbf);
    }

    static Instant instant(Object claim) {
        if (claim instanceof Date d) {
            return d.toInstant();
        }
        if (claim instanceof Instant i) {
            return i;
        }
        if (claim instanceof Number n) {
            return Instant.ofEpochSecond(n.longValue());
        }
        return null;
    }
}
