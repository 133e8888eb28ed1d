package io.bollard.plugins.containers.logs;

import io.bollard.plugin.error.ApiException;
import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");

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
        return new LogQuery(parseTail(tail), parseTime("since", since, now), parseTime("until", until, now),
                timestamps, follow, stdout, stderr);
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

    static Integer parseTime(String name, String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.matches("\\d+")) {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw ApiException.badRequest(name + " is out of range: '" + value + "'");
            }
        }
        Matcher m = DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            Duration back = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
            return (int) now.minus(back).getEpochSecond();
        }
        try {
            return (int) OffsetDateTime.parse(v).toEpochSecond();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be epoch seconds, RFC 3339 or a duration such as 10m, not '"
                    + value + "'");
        }
    }
}
