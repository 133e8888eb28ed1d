package io.bollard.plugin.error;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The JSON body of every error answer: a stable machine code and a sentence for people.
 *
 * @param error   a stable code such as {@code not_found} or {@code docker_unavailable}
 * @param message what went wrong, in words
 */
@Serdeable
public record ErrorBody(String error, String message) {
}
