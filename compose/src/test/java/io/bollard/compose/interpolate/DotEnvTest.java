package io.bollard.compose.interpolate;

import io.bollard.compose.ComposeException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DotEnvTest {

    @Test
    void readsDotenvSyntax() {
        String text = """
                # a comment
                PLAIN=value
                export EXPORTED=yes
                SPACED = trimmed value   # comment
                SINGLE='no $PLAIN or \\n here'
                DOUBLE="line\\nnext $PLAIN"
                MULTI="first
                second"
                HASH=a#b
                NO_VALUE
                EMPTY=
                """;
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("PLAIN", "value");
        expected.put("EXPORTED", "yes");
        expected.put("SPACED", "trimmed value");
        expected.put("SINGLE", "no $PLAIN or \\n here");
        expected.put("DOUBLE", "line\nnext value");
        expected.put("MULTI", "first\nsecond");
        expected.put("HASH", "a#b");
        expected.put("NO_VALUE", null);
        expected.put("EMPTY", "");
        assertEquals(expected, DotEnv.parse(".env", text, Map.of()));
    }

    @Test
    void errorsNameTheLine() {
        ComposeException e = assertThrows(ComposeException.class,
                () -> DotEnv.parse("app.env", "A=1\nnot a key=2\n", Map.of()));
        assertEquals("app.env:2: 'not a key' is not a variable name", e.getMessage());
        assertThrows(ComposeException.class, () -> DotEnv.parse(".env", "A='open\n", Map.of()));
    }
}
