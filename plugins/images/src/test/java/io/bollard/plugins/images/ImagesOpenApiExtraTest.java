package io.bollard.plugins.images;

import io.bollard.plugins.images.list.ImageDetails;
import io.bollard.plugins.images.remove.RemoveResult;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The hand-written OpenAPI schemas of the {@code {+ref}} routes name the fields their records write. */
class ImagesOpenApiExtraTest {

    @Test
    @SuppressWarnings("unchecked")
    void schemasMatchTheRecords() throws Exception {
        Map<String, Object> doc;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/bollard/openapi-extra.yml")) {
            doc = new Yaml().load(in);
        }
        Map<String, Map<String, Object>> schemas = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) doc.get("components")).get("schemas");
        for (Class<?> type : new Class<?>[]{ImageDetails.class, RemoveResult.class}) {
            Set<String> fields = Arrays.stream(type.getRecordComponents())
                    .map(c -> c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.toSet());
            assertEquals(fields, ((Map<String, Object>) schemas.get(type.getSimpleName()).get("properties")).keySet(),
                    type.getSimpleName());
        }
    }
}
