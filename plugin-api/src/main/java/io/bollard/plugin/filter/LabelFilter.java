package io.bollard.plugin.filter;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The set of containers the agent may see, written in Docker's filter syntax as Dozzle reads it:
 * {@code label=color}, {@code label=color=blue}, {@code name=web}, joined by commas.
 *
 * <p>Terms with the same key are alternatives (any may match); different keys must all match. A {@code name}
 * term is a regular expression searched in the container name, as Docker's own {@code name} filter does. An empty
 * filter lets everything through.
 */
public final class LabelFilter {

    /** The filter keys the agent understands. */
    public static final List<String> KEYS = List.of("label", "name");

    private static final LabelFilter NONE = new LabelFilter("", List.of(), List.of());

    private final String source;
    private final List<LabelTerm> labels;
    private final List<Pattern> names;

    private LabelFilter(String source, List<LabelTerm> labels, List<Pattern> names) {
        this.source = source;
        this.labels = labels;
        this.names = names;
    }

    /**
     * The filter that hides nothing.
     *
     * @return the empty filter
     */
    public static LabelFilter none() {
        return NONE;
    }

    /**
     * Parses a filter.
     *
     * @param text the filter, for example {@code label=team=web,name=^api}; blank means no filter
     * @return the filter
     * @throws IllegalArgumentException with a message saying which term is wrong and why
     */
    public static LabelFilter parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        List<LabelTerm> labels = new ArrayList<>();
        List<Pattern> names = new ArrayList<>();
        for (String rawTerm : text.split(",")) {
            String term = rawTerm.trim();
            if (term.isEmpty()) {
                throw new IllegalArgumentException("empty term in '" + text + "'");
            }
            int eq = term.indexOf('=');
            if (eq <= 0 || eq == term.length() - 1) {
                throw new IllegalArgumentException("term '" + term + "' is not key=value (for example label=team=web)");
            }
            String key = term.substring(0, eq).trim();
            String value = term.substring(eq + 1).trim();
            switch (key) {
                case "label" -> labels.add(LabelTerm.parse(value));
                case "name" -> names.add(namePattern(value));
                default -> throw new IllegalArgumentException(
                        "unsupported key '" + key + "' in term '" + term + "'; use one of " + KEYS);
            }
        }
        return new LabelFilter(text.trim(), List.copyOf(labels), List.copyOf(names));
    }

    private static Pattern namePattern(String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("name pattern '" + value + "' is not a valid regular expression");
        }
    }

    /**
     * Whether the filter hides nothing.
     *
     * @return true when there are no terms
     */
    public boolean isEmpty() {
        return labels.isEmpty() && names.isEmpty();
    }

    /** @return the label keys the filter's label terms name */
    public Set<String> labelKeys() {
        Set<String> keys = new TreeSet<>();
        labels.forEach(term -> keys.add(term.key()));
        return keys;
    }

    /**
     * Whether a container with this name and these labels is visible.
     *
     * @param name   the container name, with or without Docker's leading slash
     * @param labels its labels (null means none)
     * @return true when every key of the filter has a matching term
     */
    public boolean matches(String name, Map<String, String> labels) {
        return matchesLabels(labels) && matchesName(name);
    }

    /**
     * Whether labels alone satisfy the filter's label terms (for objects without a name, such as volumes).
     *
     * @param labels the labels (null means none)
     * @return true when there are no label terms or one matches
     */
    public boolean matchesLabels(Map<String, String> labels) {
        if (this.labels.isEmpty()) {
            return true;
        }
        Map<String, String> present = labels == null ? Map.of() : labels;
        for (LabelTerm term : this.labels) {
            if (term.matches(present)) {
                return true;
            }
        }
        return false;
    }

    private boolean matchesName(String name) {
        if (names.isEmpty()) {
            return true;
        }
        if (name == null) {
            return false;
        }
        String bare = name.startsWith("/") ? name.substring(1) : name;
        for (Pattern p : names) {
            if (p.matcher(bare).find() || p.matcher("/" + bare).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The filters that may be handed to Docker on a list call so that it does the first cut.
     *
     * <p>Docker ANDs several label terms while this filter ORs them, so labels are handed over only when there is
     * exactly one; the agent checks every result itself anyway.
     *
     * @return Docker filters, key to values
     */
    public Map<String, List<String>> dockerPrefilter() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (labels.size() == 1) {
            out.put("label", List.of(labels.get(0).dockerForm()));
        }
        if (!names.isEmpty()) {
            out.put("name", names.stream().map(Pattern::pattern).toList());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The labels that make a new object visible under this filter (the first label term, with an empty value when
     * the term names only the key), for objects the agent creates.
     *
     * @return labels to add; empty when the filter has no label terms
     */
    public Map<String, String> labelsForNewObjects() {
        if (labels.isEmpty()) {
            return Map.of();
        }
        LabelTerm first = labels.get(0);
        return Map.of(first.key(), first.value() == null ? "" : first.value());
    }

    /**
     * Combines a caller's own Docker filters with this filter's pre-filter; the result never shows more than this
     * filter allows once {@link #matches} is applied to each result.
     *
     * @param callerFilters the caller's filters (Docker's JSON form, key to values)
     * @return filters for the Docker list call
     */
    public Map<String, List<String>> narrow(Map<String, List<String>> callerFilters) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        callerFilters.forEach((k, v) -> out.put(k, new ArrayList<>(v)));
        dockerPrefilter().forEach((key, values) -> {
            if ("label".equals(key)) {
                // Docker ANDs label values, so adding ours only narrows.
                out.computeIfAbsent(key, k -> new ArrayList<>()).addAll(values);
            } else if (!out.containsKey(key)) {
                // Docker ORs other keys' values: only add ours where the caller has none.
                out.put(key, new ArrayList<>(values));
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return source;
    }

    /** One {@code label=key} or {@code label=key=value} term. */
    private record LabelTerm(String key, String value) {

        static LabelTerm parse(String text) {
            int eq = text.indexOf('=');
            String key = eq < 0 ? text : text.substring(0, eq);
            if (key.isBlank()) {
                throw new IllegalArgumentException("label term '" + text + "' has no label key");
            }
            return new LabelTerm(key, eq < 0 ? null : text.substring(eq + 1));
        }

        boolean matches(Map<String, String> labels) {
            if (!labels.containsKey(key)) {
                return false;
            }
            return value == null || value.equals(labels.get(key));
        }

        String dockerForm() {
            return value == null ? key : key + "=" + value;
        }
    }
}
