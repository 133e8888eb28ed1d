package io.bollard.compose.read;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RawMergerTest {

    @Test
    void laterFilesOverrideAsTheSpecificationSays() {
        RawDocument base = YamlReader.read("base.yaml", """
                services:
                  web:
                    image: web:1
                    command: [serve, --fast]
                    environment: [A=1, B=2]
                    ports: ["80:80"]
                    labels: {team: core}
                """);
        RawDocument override = YamlReader.read("prod.yaml", """
                services:
                  web:
                    image: web:2
                    command: [serve]
                    environment: {B: "3", C: "4"}
                    ports: ["80:80", "443:443"]
                  db:
                    image: db
                """);
        RawDocument merged = RawMerger.merge(List.of(base, override));
        @SuppressWarnings("unchecked")
        Map<String, Object> services = (Map<String, Object>) merged.root().get("services");
        assertEquals(Map.of("image", "web:2", "command", List.of("serve"),
                "environment", Map.of("A", "1", "B", "3", "C", "4"), "ports", List.of("80:80", "443:443"),
                "labels", Map.of("team", "core")), services.get("web"));
        assertEquals(Map.of("image", "db"), services.get("db"));
        assertEquals("base.yaml,prod.yaml", merged.file());
        assertEquals("prod.yaml:3", merged.lines().locate("services.web.image"));
    }
}
