package io.bollard.compose.read;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges Compose files in order, each overriding the ones before, as the Compose specification's merge rules say:
 * mappings merge key by key, scalars are replaced, {@code command}, {@code entrypoint} and a healthcheck's
 * {@code test} are replaced whole, and other lists (ports, volumes, dns, ...) are appended without duplicates.
 * {@code environment}, {@code labels} and {@code sysctls} merge by key whether written as a
 * list or a mapping.
 */
public final class RawMerger {

    private static final Set<String> REPLACED_LISTS = Set.of("command", "entrypoint", "test");
    private static final Set<String> KEYED_LISTS = Set.of("environment", "labels", "sysctls", "annotations");

    private RawMerger() {
    }

    /**
     * Merges documents.
     *
     * @param docs the files in order; the first is the base
     * @return one document named after the files
     */
    public static RawDocument merge(List<RawDocument> docs) {
        if (docs.size() == 1) {
            return docs.getFirst();
        }
        SourceMap lines = new SourceMap();
        Map<String, Object> root = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (RawDocument doc : docs) {
            root = mergeMaps(root, doc.root());
            lines.putAll(doc.lines());
            names.add(doc.file());
        }
        return new RawDocument(String.join(",", names), root, lines);
    }

    private static Map<String, Object> mergeMaps(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        override.forEach((key, value) -> out.put(key, out.containsKey(key) ? mergeValue(key, out.get(key), value)
                : value));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object mergeValue(String key, Object base, Object override) {
        if (KEYED_LISTS.contains(key) && base != null && override != null) {
            return mergeMaps(keyed(base), keyed(override));
        }
        if (base instanceof Map<?, ?> b && override instanceof Map<?, ?> o) {
            return mergeMaps((Map<String, Object>) b, (Map<String, Object>) o);
        }
        if (base instanceof List<?> b && override instanceof List<?> o && !REPLACED_LISTS.contains(key)) {
            List<Object> out = new ArrayList<>(b);
            for (Object item : o) {
                if (!out.contains(item)) {
                    out.add(item);
                }
            }
            return out;
        }
        return override;
    }

    /**
     * A list of {@code KEY=value} entries as a mapping: {@code [A=1, B]} as {@code {A: "1", B: null}}; mappings as
     * they are.
     *
     * @param value a list or a mapping
     * @return the mapping
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> keyed(Object value) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        if (value instanceof List<?> list) {
            for (Object item : list) {
                String text = String.valueOf(item);
                int eq = text.indexOf('=');
                out.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : text.substring(eq + 1));
            }
        }
        return out;
    }
}
