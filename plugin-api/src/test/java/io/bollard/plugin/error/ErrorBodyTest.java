package io.bollard.plugin.error;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorBodyTest {

    @Test
    void aShortMessageStaysWhole() {
        String message = "x".repeat(ErrorBody.MAX_MESSAGE);
        assertEquals(message, new ErrorBody("bad_request", message).message());
        assertNull(new ErrorBody("bad_request", null).message());
    }

    @Test
    void aLongMessageIsCutAndSaysHowMuchWasLeftOut() {
        String message = "image: '" + "a".repeat(300_000) + "' is not an image reference";
        String cut = new ErrorBody("bad_request", message).message();
        assertTrue(cut.startsWith("image: 'aaa"), cut.substring(0, 20));
        assertTrue(cut.endsWith("… (" + (message.length() - ErrorBody.MAX_MESSAGE) + " more characters)"),
                cut.substring(cut.length() - 40));
        assertTrue(cut.length() < ErrorBody.MAX_MESSAGE + 40);
    }

    @Test
    void theCutNeverSplitsASurrogatePair() {
        // U+1F40B is two chars in Java; put its first half right at the cut.
        String message = "x".repeat(ErrorBody.MAX_MESSAGE - 1) + "\uD83D\uDC0B" + "y".repeat(10);
        String cut = new ErrorBody("bad_request", message).message();
        assertEquals("x".repeat(ErrorBody.MAX_MESSAGE - 1) + "… (12 more characters)", cut);
    }
}
