package io.bollard.plugins.containers.logs;

import io.bollard.plugin.docker.TimeParameter;
import io.bollard.plugin.error.ApiException;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/**
 * The parameters of a log request, checked.
 *
 * @param tail       how many lines from the end, or null for all
 * @param since      epoch second to start from, or null
 * @param until      epoch second to stop at, or null
 * @param timestamps prefix each text line with Docker's timestamp
 * @param follow     keep streaming new lines
 * @param stdout     include stdout
 * @param stderr     include stderr
 */
public record LogQuery(@Nullable Integer tail, @Nullable Integer since, @Nullable Integer until, boolean timestamps,
                       boolean follow, boolean stdout, boolean stderr) {

    /**
     * Parses and checks query parameters as a server sends them.
     *
     * @param tail       {@code all} or a number of lines
     * @param since      epoch seconds, RFC 3339, or a duration back from now such as {@code 10m}
     * @param until      same forms as since
     * @param timestamps true to prefix lines with their time
     * @param follow     true to keep streaming
     * @param stdout     false to leave stdout out
     * @param stderr     false to leave stderr out
     * @param now        the current time, for relative forms
     * @return the query
     */
    public static LogQuery parse(@Nullable String tail, @Nullable String since, @Nullable String until,
                                 boolean timestamps, boolean follow, boolean stdout, boolean stderr, Instant now) {
        if (!stdout && !stderr) {
            throw ApiException.badRequest("stdout and stderr are both false: there is nothing to show");
        }
        Integer from = TimeParameter.epochSeconds("since", since, now);
        Integer to = TimeParameter.epochSeconds("until", until, now);
        if (from != null && to != null && from > to) {
            // As for events: an empty answer would look like a container that logged nothing.
            throw ApiException.badRequest("since (" + since + ") is after until (" + until + ")");
        }
        return new LogQuery(parseTail(tail), from, to, timestamps, follow, stdout, stderr);
    }

    private static Integer parseTail(String tail) {
        if (tail == null || tail.isBlank() || "all".equalsIgnoreCase(tail.trim())) {
            return null;
        }
        try {
            int n = Integer.parseInt(tail.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("tail must be 'all' or a number of lines, not '" + tail + "'");
        }
    }
}
