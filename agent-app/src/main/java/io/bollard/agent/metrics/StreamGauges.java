package io.bollard.agent.metrics;

import io.bollard.plugin.stream.ActiveStreams;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exposes {@link ActiveStreams} as the gauge {@code bollard_streams_open{kind=...}}: one per kind of stream that
 * plugins have opened (logs, stats, events, pulls, ...), known kinds from the start and others as they appear.
 */
@Singleton
public class StreamGauges {

    /** The gauge's name. */
    public static final String NAME = "bollard.streams.open";

    private static final List<String> KNOWN_KINDS = List.of("logs", "stats", "events", "pull");

    private final ActiveStreams streams;
    private final MeterRegistry registry;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    /**
     * @param streams  the open streams plugins count
     * @param registry where the gauges go
     */
    public StreamGauges(ActiveStreams streams, MeterRegistry registry) {
        this.streams = streams;
        this.registry = registry;
        KNOWN_KINDS.forEach(this::register);
    }

    /** Adds a gauge for each kind that has been opened since the last call. */
    public void registerNewKinds() {
        streams.snapshot().keySet().forEach(this::register);
    }

    private void register(String kind) {
        if (registered.add(kind)) {
            Gauge.builder(NAME, streams, s -> s.count(kind))
                    .description("Streams open now (followed logs, stats, events, pulls), by kind")
                    .tag("kind", kind)
                    .register(registry);
        }
    }
}
