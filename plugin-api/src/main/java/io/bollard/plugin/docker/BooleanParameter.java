package io.bollard.plugin.docker;

import io.bollard.plugin.error.ApiException;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads a boolean query parameter as Docker's API and its clients write it: {@code true}/{@code false},
 * {@code 1}/{@code 0}, {@code yes}/{@code no} or {@code on}/{@code off}, in any letter case; anything else is
 * refused, never taken for false.
 */
public final class BooleanParameter {

    /** The start of a refusal's message. */
    public static final String EXPECTED = "expected true or false (or 1/0, yes/no, on/off)";

    private BooleanParameter() {
    }

    /**
     * @param text the value as sent
     * @return the boolean, or empty when the text is none
     */
    public static Optional<Boolean> read(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Optional.of(Boolean.TRUE);
            case "false", "0", "no", "off" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }

    /**
     * Parses a parameter that may be absent.
     *
     * @param name     its name, for the message
     * @param text     the value as sent, or null when absent
     * @param fallback the value when absent
     * @return the boolean
     * @throws ApiException 400 naming the parameter when the value is no boolean (an empty one included)
     */
    public static boolean parse(String name, String text, boolean fallback) {
        if (text == null) {
            return fallback;
        }
        return read(text).orElseThrow(() -> ApiException.badRequest(name + ": " + EXPECTED + ", not '" + text + "'"));
    }
}
