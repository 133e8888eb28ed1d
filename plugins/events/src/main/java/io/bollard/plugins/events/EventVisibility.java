package io.bollard.plugins.events;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Event;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.filter.LabelFilter;
import jakarta.inject.Singleton;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides which events a follower may see under the label filter: events about a hidden container (its own, its
 * exec sessions, and network and volume events that name it) are never sent; network and volume events that name
 * no container are sent only without a filter.
 */
@Singleton
@RequiresPlugin(EventsPlugin.ID)
public class EventVisibility {

    private static final int REMEMBERED = 10_000;

    private final LabelFilter filter;
    private final DockerClient docker;
    /**
     * Whether the filter names a label key that Docker also uses for an attribute of its events ({@code type},
     * {@code image}, {@code exitCode}...): an event's attributes then cannot tell a container's labels, and its
     * container is looked up instead.
     */
    private final boolean labelsAmbiguousInEvents;
    /** Container id to visibility, learned from container events, so network events need no inspect. */
    private final Map<String, Boolean> known = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    });

    /**
     * @param filter the filter in force
     * @param docker the Docker client, to look up containers that events name by id
     */
    public EventVisibility(LabelFilter filter, DockerClient docker) {
        this.filter = filter;
        this.docker = docker;
        this.labelsAmbiguousInEvents = !Collections.disjoint(filter.labelKeys(), EventConverter.NOT_LABELS);
    }

    /**
     * Whether an event may be sent.
     *
     * @param event   Docker's event
     * @param visible the converted event
     * @return true when it may be sent
     */
    public boolean allows(Event event, AgentEvent visible) {
        if (filter.isEmpty()) {
            return true;
        }
        Map<String, String> attributes = event.getActor() == null || event.getActor().getAttributes() == null
                ? Map.of() : event.getActor().getAttributes();
        return switch (visible.type()) {
            case "container" -> {
                if (labelsAmbiguousInEvents) {
                    yield visible.id() != null && containerVisible(visible.id());
                }
                boolean shown = filter.matches(attributes.get("name"), visible.labels());
                if (visible.id() != null) {
                    known.put(visible.id(), shown);
                }
                yield shown;
            }
            case "network", "volume" -> {
                String container = attributes.get("container");
                yield container != null && containerVisible(container);
            }
            default -> true;
        };
    }

    private boolean containerVisible(String id) {
        Boolean shown = known.get(id);
        if (shown != null) {
            return shown;
        }
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
            boolean visible = filter.matches(c.getName(), c.getConfig() == null ? null : c.getConfig().getLabels());
            known.put(id, visible);
            return visible;
        } catch (RuntimeException goneOrUnknown) {
            // A container that cannot be looked up cannot be shown to be visible.
            return false;
        }
    }
}
