package io.bollard.plugins.containers.query;

import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.SharedCalls;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugins.containers.ContainersPlugin;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The restart policies of listed containers. Docker's list call does not carry them, so each container is
 * inspected, concurrently, and the answer kept for a few seconds: a dashboard polling the list then costs one
 * Docker call, not one per container. A policy changed with {@code docker update} shows within {@link #FRESH};
 * an edit through the agent makes a new container, so it shows at once.
 */
@Singleton
@RequiresPlugin(ContainersPlugin.ID)
public class RestartPolicies {

    /** How long a looked-up policy is reused. */
    public static final Duration FRESH = Duration.ofSeconds(10);

    private static final int MAX_KEPT = 10_000;

    private final VisibleContainers containers;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();
    /** Lists made at once find the same policies expired: each container is then inspected once, not per list. */
    private final SharedCalls<String, String> lookUps = new SharedCalls<>();

    /**
     * @param containers the visible containers
     */
    public RestartPolicies(VisibleContainers containers) {
        this(containers, Clock.systemUTC());
    }

    RestartPolicies(VisibleContainers containers, Clock clock) {
        this.containers = containers;
        this.clock = clock;
    }

    /**
     * The policies of these containers, in the same order.
     *
     * @param ids container ids
     * @return their policies; null for one that could not be looked up
     */
    public List<String> of(List<String> ids) {
        Instant now = clock.instant();
        if (known.size() > MAX_KEPT) {
            known.values().removeIf(k -> k.at().plus(FRESH).isBefore(now));
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> policies = ids.stream().map(id -> {
                Known k = known.get(id);
                if (k != null && k.at().plus(FRESH).isAfter(now)) {
                    return java.util.concurrent.CompletableFuture.completedFuture(k.policy());
                }
                return pool.submit(() -> lookUps.get(id, () -> lookUp(id, now)));
            }).toList();
            return policies.stream().map(RestartPolicies::get).toList();
        }
    }

    private String lookUp(String id, Instant now) {
        try {
            String policy = ContainerViews.restartPolicy(containers.inspect(id).getHostConfig());
            known.put(id, new Known(policy, now));
            return policy;
        } catch (ApiException e) {
            if (e.status().getCode() == 404) {
                // Removed between the list and the inspect: it is still listed, without a policy.
                return "no";
            }
            // Not known this time (Docker failed the inspect): said as unknown, never as a wrong "no".
            return null;
        }
    }

    private static String get(Future<String> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private record Known(String policy, Instant at) {
    }
}
