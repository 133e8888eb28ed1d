package io.bollard.compose;

/**
 * A Compose file that cannot be loaded or deployed as written; the message names the place (service, key and,
 * where known, file and line) and is safe to show the caller.
 */
public class ComposeException extends RuntimeException {

    /**
     * @param message what is wrong and where
     */
    public ComposeException(String message) {
        super(message, null, false, false);
    }

    /**
     * An error at a place in the files.
     *
     * @param path     the key path, for example {@code services.web.ports[0]}
     * @param location file and line, for example {@code compose.yaml:12}; null when unknown
     * @param problem  what is wrong there
     * @return the exception
     */
    public static ComposeException at(String path, String location, String problem) {
        return new ComposeException(path + ": " + problem + (location == null ? "" : " (" + location + ")"));
    }
}
