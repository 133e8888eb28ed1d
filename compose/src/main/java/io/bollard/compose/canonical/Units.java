package io.bollard.compose.canonical;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's size ({@code 512m}, {@code 1gb}) and duration ({@code 1m30s}, {@code 250ms}) forms.
 */
public final class Units {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(b?)");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Units() {
    }

    /**
     * A size in bytes.
     *
     * @param value a number of bytes, or text such as {@code 512m}
     * @return bytes
     * @throws IllegalArgumentException when it is not a size
     */
    public static long bytes(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        Matcher m = SIZE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + value + "' is not a size such as 512m or 1g");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift)).longValue();
    }

    /**
     * A duration in nanoseconds.
     *
     * @param value seconds as a number, or text such as {@code 1m30s}
     * @return nanoseconds
     * @throws IllegalArgumentException when it is not a duration
     */
    public static long nanos(Object value) {
        if (value instanceof Number n) {
            return (long) (n.doubleValue() * 1e9);
        }
        String text = String.valueOf(value).trim();
        Matcher m = DURATION_PART.matcher(text);
        long total = 0;
        int at = 0;
        while (m.find() && m.start() == at) {
            double amount = Double.parseDouble(m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            total += (long) (amount * unit);
            at = m.end();
        }
        if (at == 0 || at != text.length()) {
            throw new IllegalArgumentException("'" + value + "' is not a duration such as 30s or 1m30s");
        }
        return total;
    }
}
