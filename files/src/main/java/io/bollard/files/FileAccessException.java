package io.bollard.files;

/**
 * A file operation refused or failed, with a reason a caller can act on.
 */
public class FileAccessException extends RuntimeException {

    /** Why an operation did not happen. */
    public enum Reason {
        /** The path is malformed: control characters, encoded separators, look-alike dots, too long. */
        INVALID_PATH,
        /** The path, or a link in it, leads outside the root. */
        OUTSIDE_ROOT,
        /** Nothing is at that path. */
        NOT_FOUND,
        /** Something is in the way: the target exists, the folder is not empty, the file changed meanwhile. */
        CONFLICT,
        /** The operation is not allowed on this object (the root itself, a special file). */
        FORBIDDEN,
        /** A size or count limit was reached. */
        TOO_LARGE,
        /** The archive is not one we can read. */
        BAD_ARCHIVE,
        /** The file system refused (disk full, read-only). */
        IO
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message what happened, naming the user's path (never the real path outside the root)
     */
    public FileAccessException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /**
     * @param reason  why
     * @param message what happened
     * @param cause   the underlying failure
     */
    public FileAccessException(Reason reason, String message, Throwable cause) {
        super(message, cause, false, false);
        this.reason = reason;
    }

    /** @return why */
    public Reason reason() {
        return reason;
    }
}
