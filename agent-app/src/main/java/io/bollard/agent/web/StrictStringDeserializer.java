package io.bollard.agent.web;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.util.NullableDeserializer;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Reads a text field of a request body from a JSON string, or from a number or boolean written out.
 *
 * <p>Micronaut's own reading also took a list or an object for a string: {@code {"name": ["web"]}} stopped the
 * stack {@code web}. Those are now a 400. Numbers stay accepted, written as JSON wrote them ({@code 644},
 * {@code 8080}), since servers send them for modes, ports and environment values.
 */
@Singleton
public class StrictStringDeserializer implements NullableDeserializer<String> {

    /** The start of the refusal's message. */
    static final String EXPECTED = "expected a string";

    @Override
    public String deserializeNonNull(@NonNull Decoder decoder, @NonNull DecoderContext context,
                                     @NonNull Argument<? super String> type) throws IOException {
        Object value = decoder.decodeArbitrary();
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw decoder.createDeserializationException(EXPECTED + ", not " + (value instanceof java.util.List<?>
                ? "a list" : "an object"), null);
    }
}
