package io.bollard.plugin.filter;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelFilterTest {

    @Test
    void emptyFilterLetsEverythingThrough() {
        LabelFilter filter = LabelFilter.parse("  ");
        assertTrue(filter.isEmpty());
        assertTrue(filter.matches("/anything", null));
        assertEquals(Map.of(), filter.dockerPrefilter());
    }

    @Test
    void labelKeyAloneMatchesAnyValue() {
        LabelFilter filter = LabelFilter.parse("label=color");
        assertTrue(filter.matches("/a", Map.of("color", "")));
        assertTrue(filter.matches("/a", Map.of("color", "red")));
        assertFalse(filter.matches("/a", Map.of("colour", "red")));
        assertFalse(filter.matches("/a", null));
    }

    @Test
    void labelKeyAndValueMustBothMatch() {
        LabelFilter filter = LabelFilter.parse("label=color=blue");
        assertTrue(filter.matches("/a", Map.of("color", "blue")));
        assertFalse(filter.matches("/a", Map.of("color", "red")));
        assertEquals(Map.of("label", List.of("color=blue")), filter.dockerPrefilter());
    }

    @Test
    void valueMayContainEqualsSigns() {
        LabelFilter filter = LabelFilter.parse("label=expr=a=b");
        assertTrue(filter.matches("/a", Map.of("expr", "a=b")));
        assertFalse(filter.matches("/a", Map.of("expr", "a")));
    }

    @Test
    void sameKeyIsAnyOf() {
        LabelFilter filter = LabelFilter.parse("label=color=blue,label=team");
        assertTrue(filter.matches("/a", Map.of("color", "blue")));
        assertTrue(filter.matches("/a", Map.of("team", "x")));
        assertFalse(filter.matches("/a", Map.of("color", "red")));
        // Docker would AND two label values, so none are handed over.
        assertEquals(Map.of(), filter.dockerPrefilter());
    }

    @Test
    void differentKeysMustAllMatch() {
        LabelFilter filter = LabelFilter.parse("label=color=blue, name=web");
        assertTrue(filter.matches("/my-web-1", Map.of("color", "blue")));
        assertFalse(filter.matches("/db", Map.of("color", "blue")));
        assertFalse(filter.matches("/web", Map.of("color", "red")));
    }

    @Test
    void nameIsSearchedAsARegularExpressionWithOrWithoutSlash() {
        LabelFilter filter = LabelFilter.parse("name=^api-");
        assertTrue(filter.matches("/api-1", Map.of()));
        assertTrue(filter.matches("api-1", Map.of()));
        assertFalse(filter.matches("/my-api-1", Map.of()));
        assertFalse(filter.matches(null, Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"label", "label=", "=x", "color=blue", "label=a,,name=b", "name=(", "label==x", "id=abc"})
    void badFiltersAreRefusedWithAReason(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelFilter.parse(text));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void callerFiltersOnlyNarrow() {
        LabelFilter filter = LabelFilter.parse("label=team=web,name=web");
        Map<String, List<String>> merged = filter.narrow(Map.of("label", List.of("tier=front"), "name", List.of("db")));
        // Labels are ANDed by Docker: ours is added. Names are ORed: the caller's stand alone, ours is checked after.
        assertEquals(List.of("tier=front", "team=web"), merged.get("label"));
        assertEquals(List.of("db"), merged.get("name"));
        assertEquals(List.of("web"), filter.narrow(Map.of()).get("name"));
    }

    @Test
    void newObjectsGetTheFirstLabelTerm() {
        assertEquals(Map.of("team", "web"), LabelFilter.parse("label=team=web,label=x").labelsForNewObjects());
        assertEquals(Map.of("team", ""), LabelFilter.parse("label=team").labelsForNewObjects());
        assertEquals(Map.of(), LabelFilter.parse("name=x").labelsForNewObjects());
    }
}
