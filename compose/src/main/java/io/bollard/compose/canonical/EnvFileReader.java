package io.bollard.compose.canonical;

import java.util.Optional;

/**
 * Gives the text of a stack's file by its path relative to the stack folder, for {@code env_file}.
 */
@FunctionalInterface
public interface EnvFileReader {

    /**
     * Reads a file.
     *
     * @param path the path as the Compose file writes it
     * @return its text, or empty when it does not exist
     * @throws io.bollard.compose.ComposeException when the path leaves the stack folder or cannot be read
     */
    Optional<String> read(String path);
}
