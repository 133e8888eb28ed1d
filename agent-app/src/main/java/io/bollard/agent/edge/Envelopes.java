package io.bollard.agent.edge;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bollard.agent.web.AgentInfo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the tunnel's JSON envelopes (see {@code docs/edge-protocol.md}); bodies and chunks are base64.
 */
final class Envelopes {

    /** The protocol's version, sent in {@code hello}. */
    static final int PROTOCOL_VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Envelopes() {
    }

    /**
     * An envelope from the server, with its {@code body} (when it has a base64 one) already decoded and left out of
     * {@link #envelope()}.
     *
     * @param envelope   the envelope's fields
     * @param body       the decoded body, in its first {@code bodyLength} bytes; null when there is none (or it is
     *                   still in {@code envelope}, not valid base64, for the caller to refuse)
     * @param bodyLength how many bytes of {@code body} are the body
     */
    record Received(JsonNode envelope, byte[] body, int bodyLength) {
    }

    /**
     * Reads an envelope that came in parts, decoding its base64 body as it goes: the text is not joined into one
     * string and the body is not kept as text, so a large request body costs the heap its text once and its bytes
     * once (joined, parsed and decoded, it cost about four times its size and ran a 64 MiB heap out).
     *
     * @param parts the message's text, in order
     * @param chars their total length
     * @return the envelope
     * @throws IOException when it is not JSON
     */
    static Received read(List<String> parts, long chars) throws IOException {
        try (JsonParser parser = JSON.createParser(new PartsReader(parts))) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                ObjectNode fields = JSON.createObjectNode();
                BodyBytes body = null;
                JsonToken token;
                while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    if (parser.nextToken() == JsonToken.VALUE_STRING && name.equals("body") && body == null) {
                        body = new BodyBytes((int) Math.min(Integer.MAX_VALUE - 16, chars / 4 * 3 + 3));
                        parser.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, body);
                    } else {
                        fields.set(name, parser.readValueAsTree());
                    }
                }
                if (token == JsonToken.END_OBJECT) {
                    return body == null ? new Received(fields, null, 0) : new Received(fields, body.bytes(), body.size());
                }
            }
        } catch (JsonProcessingException | IllegalArgumentException notSimple) {
            // Not JSON, or a body that is not valid base64: read as a whole below, for the caller's error answer.
        }
        return new Received(JSON.readTree(new PartsReader(parts)), null, 0);
    }

    /** A body's bytes, in a buffer sized for it up front and handed on without a copy. */
    private static final class BodyBytes extends ByteArrayOutputStream {
        BodyBytes(int capacity) {
            super(capacity);
        }

        byte[] bytes() {
            return buf;
        }
    }

    /** Reads a message's parts one after another, as one text. */
    private static final class PartsReader extends Reader {
        private final List<String> parts;
        private int part;
        private int at;

        PartsReader(List<String> parts) {
            this.parts = parts;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            while (part < parts.size()) {
                String current = parts.get(part);
                if (at < current.length()) {
                    int n = Math.min(length, current.length() - at);
                    current.getChars(at, at + n, buffer, offset);
                    at += n;
                    return n;
                }
                part++;
                at = 0;
            }
            return -1;
        }

        @Override
        public void close() {
            // Nothing held.
        }
    }

    static String hello(String agentId, String hostname, String version, List<AgentInfo.PluginInfo> plugins) {
        ObjectNode n = envelope("hello");
        n.put("agent_id", agentId);
        n.put("hostname", hostname);
        n.put("version", version);
        n.put("protocol", PROTOCOL_VERSION);
        ArrayNode list = n.putArray("plugins");
        for (AgentInfo.PluginInfo p : plugins) {
            ObjectNode plugin = list.addObject();
            plugin.put("id", p.id());
            plugin.put("description", p.description());
            ArrayNode routes = plugin.putArray("routes");
            p.routes().forEach(routes::add);
        }
        return write(n);
    }

    static String heartbeat(Instant now) {
        ObjectNode n = envelope("heartbeat");
        n.put("time", now.toString());
        return write(n);
    }

    /**
     * A whole answer, or (with {@code body} null and {@code stream} true) the head of a streamed one.
     */
    static String response(String requestId, int status, Map<String, String> headers, byte[] body, boolean stream) {
        ObjectNode n = envelope("response");
        n.put("request_id", requestId);
        n.put("status", status);
        ObjectNode h = n.putObject("headers");
        headers.forEach(h::put);
        if (stream) {
            n.put("stream", true);
        } else {
            n.put("body", Base64.getEncoder().encodeToString(body == null ? new byte[0] : body));
        }
        return write(n);
    }

    /** A whole JSON error answer in the agent's error shape. */
    static String error(String requestId, int status, String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", code);
        body.put("message", message);
        return response(requestId, status, Map.of("content-type", "application/json"),
                write(body).getBytes(StandardCharsets.UTF_8), false);
    }

    static String chunk(String requestId, byte[] data, int offset, int length) {
        ObjectNode n = envelope("chunk");
        n.put("request_id", requestId);
        n.put("data", Base64.getEncoder().encodeToString(
                offset == 0 && length == data.length ? data : java.util.Arrays.copyOfRange(data, offset, offset + length)));
        return write(n);
    }

    /**
     * The last envelope of a stream (or of a cancelled request).
     *
     * @param error     why the stream broke off, or null when it ended normally
     * @param cancelled whether it ended because the server cancelled it
     */
    static String end(String requestId, String error, boolean cancelled) {
        ObjectNode n = envelope("end");
        n.put("request_id", requestId);
        if (cancelled) {
            n.put("cancelled", true);
        }
        if (error != null) {
            n.put("error", error);
        }
        return write(n);
    }

    private static ObjectNode envelope(String type) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        return n;
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
