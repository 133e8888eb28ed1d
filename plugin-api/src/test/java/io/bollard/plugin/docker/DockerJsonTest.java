package io.bollard.plugin.docker;

import io.bollard.plugin.error.ApiException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DockerJsonTest {

    @Test
    void readsBothFilterForms() {
        assertEquals(Map.of("label", List.of("a=b", "c"), "status", List.of("running")),
                DockerJson.parseFilters("{\"label\":[\"a=b\",\"c\"],\"status\":[\"running\"]}"));
        assertEquals(Map.of("label", List.of("a=b")), DockerJson.parseFilters("{\"label\":{\"a=b\":true}}"));
        assertEquals(Map.of(), DockerJson.parseFilters(""));
    }

    @Test
    void badFiltersAreA400() {
        for (String bad : List.of("{", "[]", "\"x\"", "{\"label\":[{\"a\":1}]}")) {
            assertEquals(400, assertThrows(ApiException.class, () -> DockerJson.parseFilters(bad)).status().getCode(), bad);
        }
    }

    @Test
    void modelsBecomeDockersDocument() {
        var port = new com.github.dockerjava.api.model.ContainerPort().withPrivatePort(80).withType("tcp");
        assertEquals(Map.of("PrivatePort", 80, "Type", "tcp"), DockerJson.toDocument(port));
    }
}
