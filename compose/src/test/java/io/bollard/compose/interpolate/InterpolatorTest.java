package io.bollard.compose.interpolate;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class InterpolatorTest {

    private static final Map<String, String> VARS = Map.of("SET", "value", "EMPTY", "", "OTHER", "other");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "$SET|value",
            "${SET}|value",
            "a${SET}b$SET.c|avaluebvalue.c",
            "${UNSET:-default}|default",
            "${EMPTY:-default}|default",
            "${EMPTY-default}|''",
            "${UNSET-default}|default",
            "${SET:+alt}|alt",
            "${EMPTY:+alt}|''",
            "${EMPTY+alt}|alt",
            "${UNSET+alt}|''",
            "${UNSET:-${OTHER}}|other",
            "${UNSET:-${ALSO_UNSET:-deep}}|deep",
            "$$SET|$SET",
            "$${SET}|${SET}",
            "cost: 5$|cost: 5$",
            "$1|$1",
    })
    void replacesEveryForm(String text, String expected) {
        assertEquals(expected, new Interpolator(VARS).interpolate(text));
    }

    @Test
    void requiredVariablesFailWithTheirMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Interpolator(VARS).interpolate("${UNSET:?give a value}"));
        assertEquals("required variable UNSET is missing a value: give a value", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Interpolator(VARS).interpolate("${EMPTY:?}"));
        assertEquals("", new Interpolator(VARS).interpolate("${EMPTY?x}"));
    }

    @Test
    void badFormsAreErrors() {
        assertThrows(IllegalArgumentException.class, () -> new Interpolator(VARS).interpolate("${SET"));
        assertThrows(IllegalArgumentException.class, () -> new Interpolator(VARS).interpolate("${1BAD}"));
        assertThrows(IllegalArgumentException.class, () -> new Interpolator(VARS).interpolate("${SET!x}"));
    }

    @Test
    void unsetVariablesAreReported() {
        Interpolator i = new Interpolator(VARS);
        assertEquals("-", i.interpolate("$A-${B}"));
        assertEquals(Set.of("A", "B"), i.missing());
    }
}
