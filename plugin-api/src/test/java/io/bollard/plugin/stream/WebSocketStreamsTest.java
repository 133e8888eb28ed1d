package io.bollard.plugin.stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which close codes the agent may echo back in its own close frame (RFC 6455 7.4). */
class WebSocketStreamsTest {

    @Test
    void onlyCodesAFrameMayCarryAreEchoed() {
        for (int code : new int[]{1000, 1001, 1002, 1003, 1007, 1008, 1011, 1014, 3000, 4404, 4999}) {
            assertTrue(WebSocketStreams.sendable(code), String.valueOf(code));
        }
        for (int code : new int[]{0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535}) {
            assertFalse(WebSocketStreams.sendable(code), String.valueOf(code));
        }
    }
}
