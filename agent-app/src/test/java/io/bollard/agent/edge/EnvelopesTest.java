package io.bollard.agent.edge;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopesTest {

    /** Splits a message as the WebSocket may deliver it: at any character. */
    private static List<String> inParts(String text, int size) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < text.length(); i += size) {
            parts.add(text.substring(i, Math.min(text.length(), i + size)));
        }
        return parts;
    }

    @Test
    void aBodyIsDecodedAsItIsReadAndLeftOutOfTheFields() throws IOException {
        byte[] body = new byte[100_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        String text = "{\"body\":\"" + Base64.getEncoder().encodeToString(body) + "\",\"type\":\"request\","
                + "\"request_id\":\"r-1\",\"headers\":{\"X-A\":[\"1\",\"2\"]},\"path\":\"/agent/info\"}";

        Envelopes.Received received = Envelopes.read(inParts(text, 777), text.length());

        assertArrayEquals(body, Arrays.copyOf(received.body(), received.bodyLength()));
        assertFalse(received.envelope().has("body"));
        assertEquals("r-1", received.envelope().path("request_id").asText());
        assertEquals("2", received.envelope().path("headers").path("X-A").get(1).asText());
    }

    @Test
    void anEnvelopeWhoseBodyIsNotBase64IsReadWholeForItsErrorAnswer() throws IOException {
        String text = "{\"type\":\"request\",\"body\":\"***\",\"request_id\":\"r-2\"}";

        Envelopes.Received received = Envelopes.read(inParts(text, 5), text.length());

        assertNull(received.body());
        assertEquals("***", received.envelope().path("body").asText(), "left for toHttp to refuse with a 400");
        assertEquals("r-2", received.envelope().path("request_id").asText());
    }

    @Test
    void whatIsNotAnObjectIsReadAsItIsAndWhatIsNotJsonFails() throws IOException {
        assertTrue(Envelopes.read(List.of("[1,", "2]"), 5).envelope().isArray());
        assertTrue(Envelopes.read(List.of("{\"body\":null}"), 13).envelope().path("body").isNull());
        assertThrows(IOException.class, () -> Envelopes.read(List.of("not json"), 8));
        assertEquals(0, Envelopes.read(List.of("{\"body\":\"\"}"), 11).bodyLength());
        assertEquals("x", new String(Envelopes.read(List.of("{\"body\":\"eA==\"}"), 15).body(), 0, 1,
                StandardCharsets.UTF_8));
    }
}
