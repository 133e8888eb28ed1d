package io.bollard.plugin.docker;

import io.bollard.plugin.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BooleanParameterTest {

    @Test
    void readsDockersSpellingsAndRefusesTheRest() {
        for (String yes : new String[]{"true", "TRUE", "1", "yes", "On", " true "}) {
            assertTrue(BooleanParameter.parse("all", yes, false), yes);
        }
        for (String no : new String[]{"false", "0", "no", "OFF"}) {
            assertFalse(BooleanParameter.parse("all", no, true), no);
        }
        assertTrue(BooleanParameter.parse("follow", null, true), "absent: the default");
        for (String bad : new String[]{"", "maybe", "2", "t"}) {
            ApiException e = assertThrows(ApiException.class, () -> BooleanParameter.parse("follow", bad, true));
            assertEquals(400, e.status().getCode());
            assertTrue(e.getMessage().startsWith("follow: expected true or false"), e.getMessage());
        }
    }
}
