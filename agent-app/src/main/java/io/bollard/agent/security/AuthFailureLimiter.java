package io.bollard.agent.security;

import io.bollard.agent.config.AgentConfigurationProperties;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per client (an address, or the edge tunnel: {@link TunnelMark}): a client with too
 * many in a minute is refused for a while. Clients that authenticate are never counted or slowed.
 */
@Singleton
public class AuthFailureLimiter {

    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final int MAX_TRACKED = 100_000;

    private final int maxFailures;
    private final Duration block;
    private final Clock clock;
    private final Map<Object, Record> records = new ConcurrentHashMap<>();

    /**
     * @param maxFailures  failures allowed in a minute
     * @param blockSeconds how long a client is refused after that
     */
    public AuthFailureLimiter(@Property(name = AgentConfigurationProperties.AUTH_MAX_FAILURES) int maxFailures,
                              @Property(name = AgentConfigurationProperties.AUTH_BLOCK_SECONDS) int blockSeconds) {
        this(maxFailures, Duration.ofSeconds(blockSeconds), Clock.systemUTC());
    }

    AuthFailureLimiter(int maxFailures, Duration block, Clock clock) {
        this.maxFailures = maxFailures;
        this.block = block;
        this.clock = clock;
    }

    /**
     * Records a failed authentication.
     *
     * @param client the client: its address, or {@link TunnelMark#client} of the request
     */
    public void failed(Object client) {
        if (client == null) {
            return;
        }
        if (records.size() > MAX_TRACKED) {
            // A flood of addresses: forget the old ones rather than grow without bound.
            records.entrySet().removeIf(e -> e.getValue().idle(clock.instant()));
        }
        records.computeIfAbsent(client, a -> new Record()).failed(clock.instant(), maxFailures, block);
    }

    /**
     * Whether a client is refused now.
     *
     * @param client the client: its address, or {@link TunnelMark#client} of the request
     * @return the seconds until it may try again, or empty when it may now
     */
    public OptionalLong retryAfter(Object client) {
        Record r = client == null ? null : records.get(client);
        if (r == null) {
            return OptionalLong.empty();
        }
        return r.retryAfter(clock.instant());
    }

    /** The recent failures of one client. */
    private static final class Record {
        private final Deque<Instant> failures = new ArrayDeque<>();
        private Instant blockedUntil = Instant.MIN;

        synchronized void failed(Instant now, int max, Duration block) {
            failures.addLast(now);
            while (!failures.isEmpty() && failures.peekFirst().isBefore(now.minus(WINDOW))) {
                failures.removeFirst();
            }
            if (failures.size() >= max) {
                blockedUntil = now.plus(block);
                failures.clear();
            }
        }

        synchronized OptionalLong retryAfter(Instant now) {
            if (now.isBefore(blockedUntil)) {
                return OptionalLong.of(Math.max(1, Duration.between(now, blockedUntil).toSeconds() + 1));
            }
            return OptionalLong.empty();
        }

        synchronized boolean idle(Instant now) {
            return now.isAfter(blockedUntil) && (failures.isEmpty() || failures.peekLast().isBefore(now.minus(WINDOW)));
        }
    }
}
