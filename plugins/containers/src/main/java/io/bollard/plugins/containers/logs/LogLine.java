package io.bollard.plugins.containers.logs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One line of a container's log.
 *
 * @param stream stdout or stderr (a TTY container's output is stdout)
 * @param time   when Docker received it, RFC 3339 with nanoseconds
 * @param line   the text, without its line break
 */
@Serdeable
public record LogLine(String stream, @Nullable String time, String line) {
}
