package io.bollard.compose.load;

/**
 * One Compose file's text and the name errors call it by.
 *
 * @param name for example {@code compose.yaml}
 * @param text the YAML
 */
public record ComposeFile(String name, String text) {
}
