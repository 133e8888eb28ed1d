package io.bollard.plugin.error;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The JSON body of every error answer: a stable machine code and a sentence for people.
 *
 * @param error   a stable code such as {@code not_found} or {@code docker_unavailable}
 * @param message what went wrong, in words; cut at {@link #MAX_MESSAGE} characters
 */
@Serdeable
public record ErrorBody(String error, String message) {

    /**
     * The longest message an answer carries. Messages quote the value they refuse, and a request can hold megabytes
     * of it; what follows the cut only says how much was left out.
     */
    public static final int MAX_MESSAGE = 8192;

    /** Cuts a message longer than {@link #MAX_MESSAGE}, never between the two halves of a surrogate pair. */
    public ErrorBody {
        if (message != null && message.length() > MAX_MESSAGE) {
            int cut = Character.isHighSurrogate(message.charAt(MAX_MESSAGE - 1)) ? MAX_MESSAGE - 1 : MAX_MESSAGE;
            message = message.substring(0, cut) + "… (" + (message.length() - cut) + " more characters)";
        }
    }
}
