package io.bollard.compose.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Null-to-empty and read-only copies for the model's records, so that two equal files give equal records.
 */
final class Models {

    private Models() {
    }

    static <V> Map<String, V> map(Map<String, V> value) {
        return value == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(value));
    }

    static <V> List<V> list(List<V> value) {
        return value == null ? List.of() : List.copyOf(value);
    }
}
