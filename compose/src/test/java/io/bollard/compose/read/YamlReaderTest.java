package io.bollard.compose.read;

import io.bollard.compose.ComposeException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YamlReaderTest {

    @Test
    void readsScalarsMergeKeysAndLines() {
        RawDocument doc = YamlReader.read("c.yaml", """
                base: &base
                  a: 1
                  b: text
                services:
                  web:
                    <<: *base
                    b: own
                    ports:
                      - 22:22
                    flag: yes
                    ratio: 0.5
                    nothing:
                """);
        @SuppressWarnings("unchecked")
        Map<String, Object> web = (Map<String, Object>) ((Map<String, Object>) doc.root().get("services")).get("web");
        assertEquals(1L, web.get("a"));
        assertEquals("own", web.get("b"), "a mapping's own key wins over a merged one");
        assertEquals(List.of("22:22"), web.get("ports"), "not YAML 1.1's base-60 number");
        assertEquals(true, web.get("flag"));
        assertEquals(0.5, web.get("ratio"));
        assertTrue(web.containsKey("nothing"));
        assertEquals("c.yaml:9", doc.lines().locate("services.web.ports[0]"));
        assertEquals("c.yaml:9", doc.lines().locate("services.web.ports[0].target"), "nearest known parent");
    }

    @Test
    void billionLaughsIsRefusedQuickly() {
        StringBuilder yaml = new StringBuilder("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            yaml.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                yaml.append(i == 0 ? "" : ", ").append('*').append((char) (c - 1));
            }
            yaml.append("]\n");
        }
        ComposeException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ComposeException.class, () -> YamlReader.read("laughs.yaml", yaml.toString())));
        assertTrue(e.getMessage().startsWith("laughs.yaml"), e.getMessage());
    }

    @Test
    void aliasesUnderTheCountCannotExpandWithoutBound() {
        // Two aliases a level stay under SnakeYAML's alias limit, yet double the size at each of 30 levels.
        StringBuilder yaml = new StringBuilder("l0: &l0 [x, x]\n");
        for (int i = 1; i <= 30; i++) {
            yaml.append("l").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l")
                    .append(i - 1).append("]\n");
        }
        ComposeException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ComposeException.class, () -> YamlReader.read("c.yaml", yaml.toString())));
        assertTrue(e.getMessage().contains("expands to more than"), e.getMessage());
    }

    @Test
    void mergeKeysCannotRecurseOrExpandWithoutBound() {
        ComposeException self = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertThrows(
                ComposeException.class, () -> YamlReader.read("c.yaml", "x: &a {b: 1, <<: *a}\n")));
        assertTrue(self.getMessage().contains("merged into itself"), self.getMessage());
        StringBuilder chain = new StringBuilder("e0: &e0 {}\n");
        for (int i = 1; i <= 50; i++) {
            chain.append("e").append(i).append(": &e").append(i).append(" {<<: [*e").append(i - 1).append(", *e")
                    .append(i - 1).append("]}\n");
        }
        assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(ComposeException.class, () -> YamlReader.read("c.yaml", chain.toString())));
    }

    @Test
    void otherBadFilesGiveTheirLine() {
        assertEquals("c.yaml:3: duplicate key a", assertThrows(ComposeException.class,
                () -> YamlReader.read("c.yaml", "x: 1\na: 1\na: 2\n")).getMessage().replaceAll("\\s+$", ""));
        assertTrue(assertThrows(ComposeException.class, () -> YamlReader.read("c.yaml", "- a\n- b\n"))
                .getMessage().contains("top level must be a mapping"));
        assertEquals("c.yaml:1: Global tag is not allowed: tag:yaml.org,2002:java.io.File",
                assertThrows(ComposeException.class, () -> YamlReader.read("c.yaml", "a: !!java.io.File /etc\n"))
                        .getMessage());
        assertThrows(ComposeException.class, () -> YamlReader.read("c.yaml", "a: [unclosed\n"));
    }
}
