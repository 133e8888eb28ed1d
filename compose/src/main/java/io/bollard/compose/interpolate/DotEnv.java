package io.bollard.compose.interpolate;

import io.bollard.compose.ComposeException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads dotenv text ({@code .env} and {@code env_file} files) as Docker Compose does: {@code KEY=VALUE} lines, an
 * optional {@code export} prefix, {@code #} comments, single quotes taken literally, double quotes with
 * {@code \n}, {@code \t}, {@code \"} and {@code \\} escapes and interpolation, unquoted values trimmed and cut at
 * {@code " #"}. A line with a key and no {@code =} is a key without a value.
 */
public final class DotEnv {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private DotEnv() {
    }

    /**
     * Parses dotenv text.
     *
     * @param file      its name for messages
     * @param text      the text
     * @param variables variables already known, for {@code ${VAR}} in values (the file's own earlier keys are added)
     * @return keys and values in file order; a key without {@code =} maps to null
     */
    public static Map<String, String> parse(String file, String text, Map<String, String> variables) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> known = new LinkedHashMap<>(variables);
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring(7).stripLeading();
            }
            int eq = line.indexOf('=');
            String key = (eq < 0 ? line : line.substring(0, eq)).strip();
            if (!KEY.matcher(key).matches()) {
                throw new ComposeException(file + ":" + (n + 1) + ": '" + key + "' is not a variable name");
            }
            if (eq < 0) {
                out.put(key, null);
                continue;
            }
            String raw = line.substring(eq + 1).stripLeading();
            String value;
            if (raw.startsWith("'")) {
                int end = raw.indexOf('\'', 1);
                if (end < 0) {
                    throw new ComposeException(file + ":" + (n + 1) + ": unclosed single quote");
                }
                value = raw.substring(1, end);
            } else if (raw.startsWith("\"")) {
                StringBuilder sb = new StringBuilder();
                int i = 1;
                // A double-quoted value may go on over several lines.
                while (true) {
                    if (i >= raw.length()) {
                        if (n + 1 >= lines.length) {
                            throw new ComposeException(file + ":" + (n + 1) + ": unclosed double quote");
                        }
                        sb.append('\n');
                        raw = lines[++n];
                        i = 0;
                        continue;
                    }
                    char c = raw.charAt(i);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\' && i + 1 < raw.length()) {
                        char e = raw.charAt(++i);
                        sb.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e;
                        });
                    } else {
                        sb.append(c);
                    }
                    i++;
                }
                value = interpolate(file, n, sb.toString(), known);
            } else {
                int comment = raw.indexOf(" #");
                value = interpolate(file, n, (comment < 0 ? raw : raw.substring(0, comment)).strip(), known);
            }
            out.put(key, value);
            known.put(key, value);
        }
        return out;
    }

    private static String interpolate(String file, int n, String value, Map<String, String> known) {
        try {
            return new Interpolator(known).interpolate(value);
        } catch (IllegalArgumentException e) {
            throw new ComposeException(file + ":" + (n + 1) + ": " + e.getMessage());
        }
    }
}
