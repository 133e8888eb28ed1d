package io.bollard.agent.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.web.router.RouteAttributes;
import io.micronaut.web.router.RouteMatch;
import io.micronaut.web.router.UriRouteMatch;
import jakarta.inject.Provider;

import java.util.concurrent.TimeUnit;

/**
 * Counts the requests the security filters answer themselves (401 no valid token, 403, 429 too many failures) in
 * {@code http_server_requests_seconds}: Micronaut's own meter filter runs after them and never sees those answers,
 * so failed logins and a blocked address would not show. Tags as Micronaut's: method, status, route template (or
 * {@code UNMATCHED_URI}) and {@code exception="none"}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RefusedRequestsFilter implements Ordered {

    /** Micronaut's meter, whose series these answers join. */
    static final String METER = "http.server.requests";

    /** What Micronaut's meter filter marks the requests it times with. */
    private static final String TIMED_BY_MICRONAUT =
            "io.micronaut.configuration.metrics.binder.web.ServerMetricsFilter.START_ATTRIBUTE";
    private static final String STARTED = "bollard.refused-requests.started";

    private final Provider<MeterRegistry> registry;

    /**
     * @param registry where the meter is (looked up at the first refusal: making the registry, with its JVM meters,
     *                 is not for the agent's start)
     */
    public RefusedRequestsFilter(Provider<MeterRegistry> registry) {
        this.registry = registry;
    }

    /**
     * Notes when the request arrived.
     *
     * @param request the request
     */
    @RequestFilter
    public void started(HttpRequest<?> request) {
        request.setAttribute(STARTED, System.nanoTime());
    }

    /**
     * Times an answer Micronaut's meter filter did not see.
     *
     * @param request  the request
     * @param response the answer
     */
    @ResponseFilter
    public void answered(HttpRequest<?> request, MutableHttpResponse<?> response) {
        // Refusals only: a WebSocket handshake, which Micronaut's filter does not time either, is no refusal.
        if (response.code() < 400 || request.getAttribute(TIMED_BY_MICRONAUT).isPresent()) {
            return;
        }
        long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
        RouteMatch<?> route = RouteAttributes.getRouteMatch(request).orElse(null);
        String uri = route instanceof UriRouteMatch<?, ?> match
                ? match.getRouteInfo().getUriMatchTemplate().toPathString() : "UNMATCHED_URI";
        Timer.builder(METER)
                .tag("exception", "none")
                .tag("method", request.getMethod().name()) // CUSTOM for any other: no series per made-up method
                .tag("status", String.valueOf(response.code()))
                .tag("uri", uri)
                .register(registry.get())
                .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    @Override
    public int getOrder() {
        // Before security, so its refusals come back through here.
        return ServerFilterPhase.FIRST.before();
    }
}
