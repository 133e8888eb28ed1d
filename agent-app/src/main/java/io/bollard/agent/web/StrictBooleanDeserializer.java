package io.bollard.agent.web;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.util.NullableDeserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Reads a JSON boolean in a request body as exactly {@code true} or {@code false}.
 *
 * <p>Micronaut's own reading turns any other string into {@code false}: {@code {"dangling_only": "maybe"}} asked
 * an image prune for every unused image, the opposite of the field's default. Anything but a JSON boolean, the
 * strings {@code "true"} and {@code "false"}, or null for an optional field is now a 400.
 */
@Singleton
public class StrictBooleanDeserializer implements NullableDeserializer<Boolean> {

    /** The start of the refusal's message. */
    static final String EXPECTED = "expected true or false";

    @Override
    public Boolean deserializeNonNull(@NonNull Decoder decoder, @NonNull DecoderContext context,
                                      @NonNull Argument<? super Boolean> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof Boolean b) {
            return b;
        }
        // The strings "true" and "false" too, as clients that quote every value send them (and were read right).
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.valueOf((String) value);
        }
        throw decoder.createDeserializationException(EXPECTED + ", not " + describe(value), null);
    }

    private static String describe(Object value) {
        return value instanceof String ? "a string" : value instanceof Number ? "a number" : "an object or list";
    }
}
