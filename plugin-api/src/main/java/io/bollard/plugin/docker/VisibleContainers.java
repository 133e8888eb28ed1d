package io.bollard.plugin.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.ListContainersCmd;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.filter.LabelFilter;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The containers the agent may see: every route that takes a container reference resolves it here.
 *
 * <p>A container outside the label filter is answered exactly as one that does not exist, whether it is named by
 * full id, id prefix or name, so callers cannot learn that it is there.
 */
@Singleton
public class VisibleContainers {

    /** The label Compose marks a project's containers with. */
    public static final String COMPOSE_PROJECT_LABEL = "com.docker.compose.project";

    /** A container name (Docker's own pattern, optionally with its leading slash), id or id prefix. */
    private static final Pattern REFERENCE = Pattern.compile("/?[a-zA-Z0-9][a-zA-Z0-9_.-]{0,254}");
    /** What may be an id prefix: hex, shorter than a whole id. */
    private static final Pattern SHORT_ID = Pattern.compile("[0-9a-f]{1,63}");

    private final DockerClient docker;
    private final LabelFilter filter;
    /** Concurrent identical lists share one Docker call (dashboards polling the same list). */
    private final SharedCalls<ListKey, List<Container>> lists = new SharedCalls<>();

    /**
     * @param docker the Docker client
     * @param filter the filter in force
     */
    public VisibleContainers(DockerClient docker, LabelFilter filter) {
        this.docker = docker;
        this.filter = filter;
    }

    /**
     * Inspects a visible container.
     *
     * @param reference full id, id prefix or name
     * @return Docker's inspect answer
     * @throws ApiException 404 when the container does not exist or is hidden
     */
    public InspectContainerResponse inspect(String reference) {
        if (reference == null || !REFERENCE.matcher(reference).matches()) {
            throw noSuchContainer(reference);
        }
        if (!filter.isEmpty() && SHORT_ID.matcher(reference).matches()) {
            return inspect(visibleByPrefix(reference));
        }
        InspectContainerResponse found;
        try {
            found = docker.inspectContainerCmd(reference).exec();
        } catch (NotFoundException e) {
            throw noSuchContainer(reference);
        } catch (RuntimeException e) {
            if (!ambiguous(e)) {
                throw DockerErrors.map(e);
            }
            // Under a filter a prefix never reaches Docker (see visibleByPrefix); were one to, saying that it
            // matched more than one would tell that hidden containers exist.
            throw filter.isEmpty() ? moreThanOne(reference) : noSuchContainer(reference);
        }
        Map<String, String> labels = found.getConfig() == null ? Map.of() : found.getConfig().getLabels();
        if (!filter.matches(found.getName(), labels)) {
            throw noSuchContainer(reference);
        }
        return found;
    }

    /**
     * Under a filter, what a short hex reference names among the visible containers alone, as Docker would: a
     * whole name first, then an id prefix. Docker is never asked about the prefix itself: its answer (a 500 when
     * hidden containers share it, and one call more) would tell that they exist. A prefix that hidden containers
     * share with one visible container names that one; two visible ones make it ambiguous.
     */
    private String visibleByPrefix(String reference) {
        List<Container> visible = list(true, Map.of());
        for (Container c : visible) {
            if (c.getNames() != null && List.of(c.getNames()).contains("/" + reference)) {
                return c.getId();
            }
        }
        List<String> matching = visible.stream().map(Container::getId).filter(id -> id.startsWith(reference)).toList();
        if (matching.size() > 1) {
            throw moreThanOne(reference);
        }
        if (matching.isEmpty()) {
            throw noSuchContainer(reference);
        }
        return matching.getFirst();
    }

    private static ApiException moreThanOne(String reference) {
        return ApiException.badRequest("id prefix " + reference + " matches more than one container; give more of "
                + "the id");
    }

    /** Docker's answer to an id prefix that more than one container has (a 400 or, from some engines, a 500). */
    private static boolean ambiguous(RuntimeException e) {
        return e instanceof DockerException && e.getMessage() != null
                && e.getMessage().contains("Multiple IDs found with provided prefix");
    }

    /**
     * Resolves a reference to the full id of a visible container.
     *
     * @param reference full id, id prefix or name
     * @return the full id
     */
    public String resolveId(String reference) {
        return inspect(reference).getId();
    }

    /**
     * Lists the visible containers.
     *
     * @param all           include stopped containers
     * @param callerFilters the caller's own Docker filters, which can only narrow the result
     * @return the containers, as Docker lists them, read after this call began (it may share Docker's answer
     *         with identical calls made at the same time, so it must not be changed)
     */
    public List<Container> list(boolean all, Map<String, List<String>> callerFilters) {
        Map<String, List<String>> filters = filter.narrow(containersResolved(callerFilters));
        return lists.get(new ListKey(all, filters), () -> {
            ListContainersCmd cmd = docker.listContainersCmd().withShowAll(all);
            filters.forEach(cmd::withFilter);
            try {
                return cmd.exec().stream().filter(this::isVisible).toList();
            } catch (RuntimeException e) {
                throw DockerErrors.map(e);
            }
        });
    }

    /**
     * The caller's filters with the containers that {@code before} and {@code since} name resolved through the
     * filter: a hidden one answers 404 like a missing one, instead of Docker answering for it (which would tell
     * that it exists, and order the list around it).
     */
    private Map<String, List<String>> containersResolved(Map<String, List<String>> callerFilters) {
        if (!callerFilters.containsKey("before") && !callerFilters.containsKey("since")) {
            return callerFilters;
        }
        Map<String, List<String>> out = new LinkedHashMap<>(callerFilters);
        for (String key : List.of("before", "since")) {
            List<String> refs = callerFilters.get(key);
            if (refs != null) {
                out.put(key, refs.stream().map(this::resolveId).toList());
            }
        }
        return out;
    }

    /**
     * Whether a listed container is visible.
     *
     * @param container a container from a Docker list call
     * @return true when the filter lets it through
     */
    public boolean isVisible(Container container) {
        String[] names = container.getNames();
        String name = names == null || names.length == 0 ? null : names[0];
        return filter.matches(name, container.getLabels());
    }

    /**
     * Whether a Compose project (a stack) may be seen: every one of its containers, {@code compose run} ones
     * included, must be visible; a project without containers is.
     *
     * @param project the project name
     * @return true when no container of it is hidden
     */
    public boolean isProjectVisible(String project) {
        if (filter.isEmpty()) {
            return true;
        }
        try {
            return docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(COMPOSE_PROJECT_LABEL, project)).exec().stream().allMatch(this::isVisible);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
    }

    /** @return the filter in force */
    public LabelFilter filter() {
        return filter;
    }

    /**
     * The answer for a container that does not exist or may not be seen.
     *
     * @param reference what the caller asked for
     * @return a 404
     */
    public static ApiException noSuchContainer(String reference) {
        return ApiException.notFound("No such container: " + reference);
    }

    /** What makes two list calls identical. */
    private record ListKey(boolean all, Map<String, List<String>> filters) {
    }
}
