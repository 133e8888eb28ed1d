package io.bollard.plugin.docker;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bollard.plugin.error.ApiException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Docker's JSON, as docker-java's Jackson annotations write it: for showing Docker's own documents (inspect
 * answers) unchanged, and for reading filters in Docker's JSON form.
 */
public final class DockerJson {

    /**
     * Writes a model's annotated fields only (and the fields it did not know, kept aside when it was read): its
     * getters add values Docker never sent, such as {@code exitCodeLong} beside {@code ExitCode}.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DockerJson() {
    }

    /**
     * A docker-java model object as Docker's JSON document.
     *
     * @param model the object, for example an inspect answer
     * @return the document as nested maps and lists
     */
    public static Map<String, Object> toDocument(Object model) {
        return MAPPER.convertValue(model, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    /**
     * Reads filters in Docker's JSON form: {@code {"label":["a=b"]}} or the older {@code {"label":{"a=b":true}}}.
     *
     * @param json the text; blank means none
     * @return key to values
     * @throws ApiException 400 when it is not such a document
     */
    public static Map<String, List<String>> parseFilters(String json) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return out;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("filters is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("filters must be a JSON object such as {\"label\":[\"team=web\"]}");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            List<String> values = new ArrayList<>();
            JsonNode node = field.getValue();
            if (node.isArray()) {
                node.forEach(v -> values.add(textOf(field.getKey(), v)));
            } else if (node.isObject()) {
                node.fieldNames().forEachRemaining(values::add);
            } else {
                values.add(textOf(field.getKey(), node));
            }
            out.put(field.getKey(), values);
        }
        return out;
    }

    private static String textOf(String key, JsonNode value) {
        if (!value.isValueNode()) {
            throw ApiException.badRequest("filter '" + key + "' must hold strings");
        }
        return value.asText();
    }
}
