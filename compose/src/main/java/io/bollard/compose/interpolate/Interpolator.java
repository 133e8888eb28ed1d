package io.bollard.compose.interpolate;

import io.bollard.compose.ComposeException;
import io.bollard.compose.read.RawDocument;
import io.bollard.compose.read.SourceMap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Replaces variables in strings as Docker Compose does: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+alternative}},
 * {@code ${VAR+alternative}}, defaults that hold variables themselves, and {@code $$} for a literal {@code $}.
 * A variable that is not set and has no default becomes the empty string and is reported in {@link #missing()}.
 */
public final class Interpolator {

    private final Map<String, String> variables;
    private final Set<String> missing = new TreeSet<>();

    /**
     * @param variables the values of variables
     */
    public Interpolator(Map<String, String> variables) {
        this.variables = variables;
    }

    /** @return names used without a value and without a default, in name order */
    public Set<String> missing() {
        return missing;
    }

    /**
     * Interpolates every string value of a document (keys stay as written).
     *
     * @param doc the document
     * @return a new document
     */
    public RawDocument apply(RawDocument doc) {
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) walk(doc.root(), "", doc.lines());
        return new RawDocument(doc.file(), root, doc.lines());
    }

    private Object walk(Object value, String path, SourceMap lines) {
        if (value instanceof String text) {
            try {
                return interpolate(text);
            } catch (IllegalArgumentException e) {
                throw ComposeException.at(path, lines.locate(path), e.getMessage());
            }
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, walk(v, SourceMap.child(path, (String) k), lines)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(walk(item, SourceMap.element(path, out.size()), lines));
            }
            return out;
        }
        return value;
    }

    /**
     * Interpolates one string.
     *
     * @param text the string
     * @return the result
     * @throws IllegalArgumentException for a bad form, or a {@code ?} variable without a value
     */
    public String interpolate(String text) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$' || i + 1 >= text.length()) {
                out.append(c);
                i++;
                continue;
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int end = closingBrace(text, i + 2);
                out.append(braced(text.substring(i + 2, end)));
                i = end + 1;
            } else if (nameStart(next)) {
                int end = i + 1;
                while (end < text.length() && namePart(text.charAt(end))) {
                    end++;
                }
                out.append(lookup(text.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String braced(String inner) {
        int n = 0;
        while (n < inner.length() && namePart(inner.charAt(n))) {
            n++;
        }
        String name = inner.substring(0, n);
        if (name.isEmpty() || !nameStart(name.charAt(0))) {
            throw new IllegalArgumentException("invalid interpolation format for '${" + inner + "}'");
        }
        String rest = inner.substring(n);
        if (rest.isEmpty()) {
            return lookup(name);
        }
        String value = variables.get(name);
        boolean colon = rest.startsWith(":");
        String op = colon ? rest.substring(0, Math.min(2, rest.length())) : rest.substring(0, 1);
        String word = rest.substring(op.length());
        boolean unset = value == null || colon && value.isEmpty();
        return switch (op) {
            case ":-", "-" -> unset ? interpolate(word) : value;
            case ":+", "+" -> unset ? "" : interpolate(word);
            case ":?", "?" -> {
                if (unset) {
                    String why = interpolate(word);
                    throw new IllegalArgumentException("required variable " + name + " is missing a value"
                            + (why.isEmpty() ? "" : ": " + why));
                }
                yield value;
            }
            default -> throw new IllegalArgumentException("invalid interpolation format for '${" + inner + "}'");
        };
    }

    private String lookup(String name) {
        String value = variables.get(name);
        if (value == null) {
            missing.add(name);
            return "";
        }
        return value;
    }

    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
                depth++;
                i++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed '${' in '" + text + "'");
    }

    private static boolean nameStart(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean namePart(char c) {
        return nameStart(c) || c >= '0' && c <= '9';
    }
}
