package io.bollard.plugins.containers.logs;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How log lines are written on the wire: plain text lines or NDJSON objects, several lines to one chunk.
 */
public enum LogEncoding {

    /** {@code line\n}, or {@code time line\n} when timestamps were asked for. */
    TEXT,

    /** {@code {"stream":"stdout","time":"...","line":"..."}\n}. */
    NDJSON;

    /** The NDJSON media type. */
    public static final String NDJSON_TYPE = "application/x-ndjson";

    /**
     * Writes lines as one chunk.
     *
     * @param lines      the lines
     * @param timestamps for text: keep the time in front of each line
     * @return UTF-8 bytes
     */
    public byte[] encode(List<LogLine> lines, boolean timestamps) {
        StringBuilder out = new StringBuilder(lines.size() * 96);
        for (LogLine l : lines) {
            if (this == TEXT) {
                if (timestamps && l.time() != null) {
                    out.append(l.time()).append(' ');
                }
                out.append(l.line()).append('\n');
            } else {
                out.append(json(l)).append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One line as a JSON object.
     *
     * @param l the line
     * @return {@code {"stream":...,"time":...,"line":...}}
     */
    public static String json(LogLine l) {
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        StringBuilder sb = new StringBuilder(l.line().length() + 80);
        sb.append("{\"stream\":\"").append(l.stream()).append("\",\"time\":");
        if (l.time() == null) {
            sb.append("null");
        } else {
            sb.append('"').append(l.time()).append('"');
        }
        sb.append(",\"line\":\"");
        enc.quoteAsString(l.line(), sb);
        return sb.append("\"}").toString();
    }
}
