package io.bollard.compose.canonical;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.bollard.compose.ComposeException;
import io.bollard.compose.model.Project;
import io.bollard.compose.read.SourceMap;

import java.util.Map;

/**
 * Binds a canonical tree to {@link Project}. A key no record has is an error naming it: nothing in a Compose file is
 * silently dropped.
 */
public final class Binder {

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Binder() {
    }

    /**
     * Binds a tree.
     *
     * @param canonical the long-form tree
     * @param lines     where its values were written
     * @return the project
     * @throws ComposeException for an unknown key or a value of the wrong type
     */
    public static Project bind(Map<String, Object> canonical, SourceMap lines) {
        try {
            return JSON.treeToValue(JSON.valueToTree(canonical), Project.class);
        } catch (UnrecognizedPropertyException e) {
            String path = path(e);
            throw ComposeException.at(path, lines.locate(path), "'" + e.getPropertyName()
                    + "' is not supported here");
        } catch (InvalidFormatException e) {
            String path = path(e);
            throw ComposeException.at(path, lines.locate(path),
                    "'" + e.getValue() + "' is not " + expected(e.getTargetType()));
        } catch (MismatchedInputException e) {
            String path = path(e);
            throw ComposeException.at(path, lines.locate(path), "expected " + expected(e.getTargetType()));
        } catch (JsonProcessingException e) {
            String path = e instanceof JsonMappingException m ? path(m) : "";
            throw ComposeException.at(path, lines.locate(path), e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new ComposeException(e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        String path = "";
        for (JsonMappingException.Reference ref : e.getPath()) {
            path = ref.getFieldName() != null ? SourceMap.child(path, ref.getFieldName())
                    : SourceMap.element(path, ref.getIndex());
        }
        return path;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return type == String.class ? "a string" : "a mapping";
    }
}
