package io.bollard.plugin.error;

import io.micronaut.http.HttpStatus;

/**
 * A failure to be answered as {@link ErrorBody} with the given HTTP status.
 *
 * <p>Plugins throw it; the agent's exception handler renders it. The message must be safe to show the caller: no
 * secrets, no stack traces.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    /**
     * Creates the exception.
     *
     * @param status  HTTP status of the answer
     * @param code    stable error code
     * @param message message for the caller
     */
    public ApiException(HttpStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /**
     * @param message message for the caller
     * @return a 400 {@code bad_request}
     */
    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "bad_request", message);
    }

    /**
     * @param message message for the caller
     * @return a 404 {@code not_found}
     */
    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", message);
    }

    /**
     * @param message message for the caller
     * @return a 409 {@code conflict}
     */
    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", message);
    }

    /** @return the HTTP status */
    public HttpStatus status() {
        return status;
    }

    /** @return the stable error code */
    public String code() {
        return code;
    }

    /** @return the body to answer with */
    public ErrorBody body() {
        return new ErrorBody(code, getMessage());
    }
}
