package io.bollard.agent.metrics;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Serves the agent's meters in Prometheus' text format at {@code /metrics}; needs a token unless
 * {@code AGENT_METRICS_PUBLIC=true}.
 */
@Controller(MetricsController.PATH)
public class MetricsController {

    /** The route. */
    public static final String PATH = "/metrics";

    /** Prometheus' text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final StreamGauges streams;

    /**
     * @param registry the Prometheus registry Micronaut made
     * @param streams  the open-stream gauges, brought up to date before each scrape
     */
    public MetricsController(PrometheusMeterRegistry registry, StreamGauges streams) {
        this.registry = registry;
        this.streams = streams;
    }

    /**
     * The meters now.
     *
     * @return Prometheus text
     */
    @Get
    @Produces(CONTENT_TYPE)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public String scrape() {
        streams.registerNewKinds();
        return registry.scrape();
    }
}
