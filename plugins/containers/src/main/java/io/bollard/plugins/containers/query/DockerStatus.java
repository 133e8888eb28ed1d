package io.bollard.plugins.containers.query;

import com.github.dockerjava.api.command.InspectContainerResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A container's status as Docker's list writes it ({@code Up 5 minutes (healthy)}, {@code Exited (0) 2 hours
 * ago}), made from an inspect answer's state, so that the details show the same {@code status} as the list.
 * Follows the engine's {@code State.String()} and go-units' {@code HumanDuration}.
 */
final class DockerStatus {

    private DockerStatus() {
    }

    /**
     * @param state the inspect answer's state
     * @param now   the time to count from
     * @return the status text; empty where Docker's is
     */
    static String of(InspectContainerResponse.ContainerState state, Instant now) {
        if (state == null) {
            return "";
        }
        Instant started = time(state.getStartedAt());
        Instant finished = time(state.getFinishedAt());
        long exitCode = state.getExitCodeLong() == null ? 0 : state.getExitCodeLong();
        if (Boolean.TRUE.equals(state.getRunning())) {
            if (Boolean.TRUE.equals(state.getPaused())) {
                return "Up " + humanDuration(since(started, now)) + " (Paused)";
            }
            if (Boolean.TRUE.equals(state.getRestarting())) {
                return "Restarting (" + exitCode + ") " + humanDuration(since(finished, now)) + " ago";
            }
            String health = state.getHealth() == null ? null : state.getHealth().getStatus();
            if (health != null && !health.isEmpty() && !"none".equals(health)) {
                return "Up " + humanDuration(since(started, now)) + " ("
                        + ("starting".equals(health) ? "health: starting" : health) + ")";
            }
            return "Up " + humanDuration(since(started, now));
        }
        if ("removing".equals(state.getStatus())) {
            return "Removal In Progress";
        }
        if (Boolean.TRUE.equals(state.getDead())) {
            return "Dead";
        }
        if (started == null) {
            return "Created";
        }
        if (finished == null) {
            return "";
        }
        return "Exited (" + exitCode + ") " + humanDuration(since(finished, now)) + " ago";
    }

    /** go-units' HumanDuration: {@code Less than a second}, {@code About a minute}, {@code 3 weeks}. */
    static String humanDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 1) {
            return "Less than a second";
        }
        if (seconds == 1) {
            return "1 second";
        }
        if (seconds < 60) {
            return seconds + " seconds";
        }
        long minutes = d.toMinutes();
        if (minutes == 1) {
            return "About a minute";
        }
        if (minutes < 60) {
            return minutes + " minutes";
        }
        long hours = (long) (d.toNanos() / 3.6e12 + 0.5);
        if (hours == 1) {
            return "About an hour";
        }
        if (hours < 48) {
            return hours + " hours";
        }
        if (hours < 24 * 7 * 2) {
            return hours / 24 + " days";
        }
        if (hours < 24 * 30 * 2) {
            return hours / 24 / 7 + " weeks";
        }
        if (hours < 24 * 365 * 2) {
            return hours / 24 / 30 + " months";
        }
        return d.toHours() / 24 / 365 + " years";
    }

    private static Duration since(Instant from, Instant now) {
        return from == null ? Duration.ZERO : Duration.between(from, now);
    }

    /** An RFC 3339 time from Docker; null for its zero time ({@code 0001-01-01T00:00:00Z}) or none. */
    private static Instant time(String text) {
        if (text == null || text.isEmpty() || text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
