package io.bollard.files;

/**
 * A file operation refused or failed, with a reason a caller can act on.
 */
public class FileAccessException extends RuntimeException {

    /** Why an operation did not happen, with the HTTP status and error code an API answers it with. */
    public enum Reason {
        /** The path is malformed: control characters, encoded separators, look-alike dots, too long. */
        INVALID_PATH(400, "invalid_path"),
        /** Another value of the request is malformed, such as a file mode. */
        BAD_REQUEST(400, "bad_request"),
        /** The path, or a link in it, leads outside the root. */
        OUTSIDE_ROOT(403, "outside_root"),
        /** Nothing is at that path. */
        NOT_FOUND(404, "not_found"),
        /** Something is in the way: the target exists, the folder is not empty, the file changed meanwhile. */
        CONFLICT(409, "conflict"),
        /** The operation is not allowed on this object (the root itself, a special file). */
        FORBIDDEN(403, "forbidden"),
        /** A size or count limit was reached. */
        TOO_LARGE(413, "too_large"),
        /** The archive is not one we can read. */
        BAD_ARCHIVE(400, "bad_archive"),
        /** The file system refused (disk full, read-only). */
        IO(500, "io_error");

        private final int status;
        private final String code;

        Reason(int status, String code) {
            this.status = status;
            this.code = code;
        }

        /** @return the HTTP status an API answers with */
        public int status() {
            return status;
        }

        /** @return the stable error code an API answers with */
        public String code() {
            return code;
        }
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
