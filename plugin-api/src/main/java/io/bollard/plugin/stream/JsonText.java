package io.bollard.plugin.stream;

import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes one object as JSON text: a WebSocket frame, or an NDJSON line.
 */
public final class JsonText {

    private JsonText() {
    }

    /**
     * The object as JSON.
     *
     * @param json  the mapper
     * @param value the object (a {@code @Serdeable} type)
     * @return the text
     */
    public static String of(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The object as one NDJSON line.
     *
     * @param json  the mapper
     * @param value the object
     * @return UTF-8 bytes ending in a line break
     */
    public static byte[] line(ObjectMapper json, Object value) {
        return (of(json, value) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
