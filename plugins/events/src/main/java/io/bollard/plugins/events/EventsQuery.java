package io.bollard.plugins.events;

import io.bollard.plugin.docker.TimeParameter;
import io.bollard.plugin.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import reactor.core.publisher.Flux;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A follower's request: an optional time window and the event types wanted.
 *
 * @param since epoch seconds, or null for from now on
 * @param until epoch seconds, or null to keep following
 * @param types the types wanted; empty for all
 */
public record EventsQuery(@Nullable Integer since, @Nullable Integer until, Set<String> types) {

    private static final Set<String> TYPES = Set.of("container", "image", "volume", "network", "daemon", "plugin",
            "node", "service", "secret", "config", "agent");

    /**
     * Parses the query parameters.
     *
     * @param since epoch seconds, RFC 3339 or a duration back from now
     * @param until same forms
     * @param types comma-separated types, each may be repeated
     * @param now   the current time
     * @return the query
     */
    public static EventsQuery parse(@Nullable String since, @Nullable String until, @Nullable List<String> types,
                                    Instant now) {
        Set<String> wanted = types == null ? Set.of() : types.stream()
                .flatMap(t -> Arrays.stream(t.split(",")))
                .map(t -> t.trim().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty())
                .collect(Collectors.toSet());
        for (String t : wanted) {
            if (!TYPES.contains(t)) {
                throw ApiException.badRequest("type '" + t + "' is not one of " + TYPES.stream().sorted().toList());
            }
        }
        Integer from = TimeParameter.epochSeconds("since", since, now);
        Integer to = TimeParameter.epochSeconds("until", until, now);
        if (from != null && to != null && from > to) {
            throw ApiException.badRequest("since (" + since + ") is after until (" + until + ")");
        }
        return new EventsQuery(from, to, wanted);
    }

    /**
     * The events this follower gets: the shared live stream, or a window of its own, after a first
     * {@code {type:"agent", action:"subscribed"}}, so a client knows it follows before any event happens.
     *
     * @param hub the event hub
     * @return the events
     */
    public Flux<AgentEvent> events(EventHub hub) {
        Flux<AgentEvent> source = since == null && until == null ? hub.follow() : hub.range(since, until);
        // Agent notices always pass: a follower must learn that Docker went away.
        Flux<AgentEvent> wanted = types.isEmpty() ? source
                : source.filter(e -> types.contains(e.type()) || "agent".equals(e.type()));
        return Flux.concat(Flux.just(EventConverter.notice("subscribed")), wanted);
    }
}
