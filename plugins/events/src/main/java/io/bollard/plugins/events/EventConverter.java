package io.bollard.plugins.events;

import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventActor;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns docker-java's events into {@link AgentEvent}s.
 */
final class EventConverter {

    /** Attributes Docker puts beside a container's labels in its events; they are not labels. */
    static final Set<String> NOT_LABELS = Set.of("name", "image", "exitCode", "signal", "execID", "container",
            "type", "driver", "destination", "propagation", "read/write", "execDuration", "oldName");

    private EventConverter() {
    }

    static AgentEvent convert(Event e) {
        EventActor actor = e.getActor();
        Map<String, String> attributes = actor == null || actor.getAttributes() == null ? Map.of()
                : actor.getAttributes();
        String type = e.getType() == null ? "unknown" : e.getType().getValue();
        long nano = e.getTimeNano() != null ? e.getTimeNano() : e.getTime() * 1_000_000_000L;
        String id = actor != null && actor.getId() != null ? actor.getId() : e.getId();
        String name = attributes.get("name");
        if (name == null && "image".equals(type)) {
            name = id;
        }
        return new AgentEvent(type, e.getAction() == null ? e.getStatus() : e.getAction(), id, name,
                labels(attributes), time(nano), nano);
    }

    static Map<String, String> labels(Map<String, String> attributes) {
        Map<String, String> labels = new TreeMap<>();
        attributes.forEach((k, v) -> {
            if (!NOT_LABELS.contains(k)) {
                labels.put(k, v);
            }
        });
        return labels;
    }

    static AgentEvent notice(String action) {
        long nano = Instant.now().getEpochSecond() * 1_000_000_000L + Instant.now().getNano();
        return new AgentEvent("agent", action, null, null, Map.of(), time(nano), nano);
    }

    static String time(long nano) {
        return Instant.ofEpochSecond(nano / 1_000_000_000L, nano % 1_000_000_000L).toString();
    }
}
