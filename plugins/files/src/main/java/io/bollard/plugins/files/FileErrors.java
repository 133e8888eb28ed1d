package io.bollard.plugins.files;

import io.bollard.files.FileAccessException;
import io.bollard.plugin.error.ApiException;
import io.micronaut.http.HttpStatus;

/**
 * Maps the file library's refusals to API errors.
 */
final class FileErrors {

    private FileErrors() {
    }

    static ApiException map(FileAccessException e) {
        return switch (e.reason()) {
            case INVALID_PATH -> new ApiException(HttpStatus.BAD_REQUEST, "invalid_path", e.getMessage());
            case OUTSIDE_ROOT -> new ApiException(HttpStatus.FORBIDDEN, "outside_root", e.getMessage());
            case NOT_FOUND -> ApiException.notFound(e.getMessage());
            case CONFLICT -> ApiException.conflict(e.getMessage());
            case FORBIDDEN -> new ApiException(HttpStatus.FORBIDDEN, "forbidden", e.getMessage());
            case TOO_LARGE -> new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", e.getMessage());
            case BAD_ARCHIVE -> new ApiException(HttpStatus.BAD_REQUEST, "bad_archive", e.getMessage());
            case IO -> new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "io_error", e.getMessage());
        };
    }
}
