package io.bollard.agent.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * The logback encoder of {@code LOG_JSON=true}: one JSON object per line with {@code timestamp} (ISO-8601 UTC),
 * {@code level}, {@code logger}, {@code thread}, {@code message}, {@code requestId} when the line was written while
 * a request was handled, and {@code exception} with its stack trace when there is one.
 */
public class JsonLineEncoder extends EncoderBase<ILoggingEvent> {

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder b = new StringBuilder(256);
        b.append("{\"timestamp\":\"").append(Instant.ofEpochMilli(event.getTimeStamp())).append('"');
        field(b, "level", event.getLevel().toString());
        field(b, "logger", event.getLoggerName());
        field(b, "thread", event.getThreadName());
        field(b, "message", event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null && mdc.get(RequestIdFilter.MDC_KEY) != null) {
            field(b, "requestId", mdc.get(RequestIdFilter.MDC_KEY));
        }
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            field(b, "exception", ThrowableProxyUtil.asString(thrown));
        }
        b.append("}\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append(",\"").append(name).append("\":\"");
        if (value != null) {
            escape(b, value);
        }
        b.append('"');
    }

    /** JSON string escaping: quotes, backslashes and every control character, so a line never breaks. */
    static void escape(StringBuilder b, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
    }
}
