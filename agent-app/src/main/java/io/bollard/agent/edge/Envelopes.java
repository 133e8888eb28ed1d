package io.bollard.agent.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bollard.agent.web.AgentInfo;

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

    static JsonNode parse(String text) throws JsonProcessingException {
        return JSON.readTree(text);
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
