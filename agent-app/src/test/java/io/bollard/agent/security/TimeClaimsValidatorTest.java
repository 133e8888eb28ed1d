package io.bollard.agent.security;

import io.micronaut.security.token.Claims;
import io.micronaut.security.token.MapClaims;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeClaimsValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final TimeClaimsValidator validator = new TimeClaimsValidator(Clock.fixed(NOW, ZoneOffset.UTC));

    private boolean valid(Object exp, Object nbf) {
        Map<String, Object> claims = new HashMap<>();
        if (exp != null) {
            claims.put(Claims.EXPIRATION_TIME, exp);
        }
        if (nbf != null) {
            claims.put(Claims.NOT_BEFORE, nbf);
        }
        return validator.validate(new MapClaims(claims), null);
    }

    @Test
    void expIsRequired() {
        assertFalse(valid(null, null));
    }

    @Test
    void futureExpIsValidPastExpIsNot() {
        assertTrue(valid(Date.from(NOW.plusSeconds(60)), null));
        assertTrue(valid(NOW.plusSeconds(60).getEpochSecond(), null));
        assertFalse(valid(Date.from(NOW.minusSeconds(31)), null));
        // Within the clock-skew allowance.
        assertTrue(valid(Date.from(NOW.minusSeconds(10)), null));
    }

    @Test
    void nbfInTheFutureIsRefused() {
        assertFalse(valid(Date.from(NOW.plusSeconds(3600)), Date.from(NOW.plusSeconds(120))));
        assertTrue(valid(Date.from(NOW.plusSeconds(3600)), Date.from(NOW.minusSeconds(1))));
        assertTrue(valid(Date.from(NOW.plusSeconds(3600)), Date.from(NOW.plusSeconds(10))));
    }

    @Test
    void nonTimeClaimsAreRefused() {
        assertFalse(valid("tomorrow", null));
    }
}
