package io.bollard.compose.read;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a YAML tree came from, by key path ({@code services.web.ports[0]} to
 * {@code compose.yaml:12}), so errors found in later stages can name the line.
 */
public final class SourceMap {

    private final Map<String, String> locations = new HashMap<>();

    /**
     * Records a location; a later file's location for the same path replaces the earlier one.
     *
     * @param path     key path
     * @param location {@code file:line}
     */
    public void put(String path, String location) {
        locations.put(path, location);
    }

    /**
     * Adds every location of another map, replacing those of the same paths.
     *
     * @param other the other map
     */
    public void putAll(SourceMap other) {
        locations.putAll(other.locations);
    }

    /**
     * The location of a path, or of its nearest parent that has one.
     *
     * @param path key path
     * @return {@code file:line}, or null
     */
    public String locate(String path) {
        String p = path;
        while (!p.isEmpty()) {
            String found = locations.get(p);
            if (found != null) {
                return found;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return null;
    }

    /**
     * Joins a key to a path.
     *
     * @param parent parent path, empty at the root
     * @param key    map key
     * @return the child path
     */
    public static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /**
     * Joins a list index to a path.
     *
     * @param parent parent path
     * @param index  list index
     * @return the element path
     */
    public static String element(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
