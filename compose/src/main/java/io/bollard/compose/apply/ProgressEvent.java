package io.bollard.compose.apply;

import java.time.Instant;

/**
 * One line of a deploy's progress.
 *
 * @param step    the plan step, for example {@code create container demo-web-1}
 * @param message what happened
 * @param status  {@code started}, {@code progress}, {@code done}, {@code kept} (a removal that left its object
 *                in place because others use it) or {@code error}
 * @param time    when, ISO-8601
 * @param service the service concerned, or null
 */
public record ProgressEvent(String step, String message, String status, String time, String service) {

    /**
     * @param step    the step
     * @param message what happened
     * @param status  the status
     * @param service the service, or null
     * @return an event stamped now
     */
    public static ProgressEvent now(String step, String message, String status, String service) {
        return new ProgressEvent(step, message, status, Instant.now().toString(), service);
    }
}
