package io.bollard.compose.read;

import java.util.Map;

/**
 * One Compose file as read: its name, its tree of {@code Map<String, Object>}, {@code List<Object>}, String, Long,
 * Double, Boolean and null, and where each value was written.
 *
 * @param file  the file's name, as it appears in error messages
 * @param root  the top-level mapping
 * @param lines value locations
 */
public record RawDocument(String file, Map<String, Object> root, SourceMap lines) {
}
