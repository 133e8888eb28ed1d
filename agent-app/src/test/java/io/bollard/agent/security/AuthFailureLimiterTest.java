package io.bollard.agent.security;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthFailureLimiterTest {

    private Instant now = Instant.parse("2026-11-23T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void blocksAfterTooManyFailuresInAMinuteThenLetsIn() throws Exception {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofSeconds(30), clock);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        limiter.failed(a);
        limiter.failed(a);
        assertTrue(limiter.retryAfter(a).isEmpty());
        limiter.failed(a);
        assertEquals(31, limiter.retryAfter(a).getAsLong());
        assertTrue(limiter.retryAfter(b).isEmpty(), "other addresses are not affected");
        now = now.plusSeconds(31);
        assertTrue(limiter.retryAfter(a).isEmpty());
    }

    @Test
    void failuresSpreadOverMoreThanAMinuteDoNotBlock() throws Exception {
        AuthFailureLimiter limiter = new AuthFailureLimiter(3, Duration.ofSeconds(30), clock);
        InetAddress a = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 10; i++) {
            limiter.failed(a);
            now = now.plusSeconds(31);
        }
        assertTrue(limiter.retryAfter(a).isEmpty());
    }
}
