package io.bollard.plugin.docker;

import io.bollard.plugin.error.ApiException;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a time query parameter ({@code since}, {@code until}) in the forms the Docker CLI takes: epoch seconds
 * (with Docker's {@code .nanoseconds}, cut to the second), RFC 3339, or a duration back from now such as
 * {@code 10m}.
 */
public final class TimeParameter {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h|d)");

    private TimeParameter() {
    }

    /**
     * Parses a time.
     *
     * @param name  the parameter's name, for the error message
     * @param value its value; blank means none
     * @param now   the current time, for durations
     * @return epoch seconds, or null when blank
     * @throws ApiException 400 naming the parameter
     */
    public static Integer epochSeconds(String name, String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        // Docker's own form seconds.nanoseconds (1700000000.5) too; the agent's times are whole seconds.
        if (v.matches("\\d+(\\.\\d{1,9})?")) {
            try {
                return Integer.parseInt(v.contains(".") ? v.substring(0, v.indexOf('.')) : v);
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
