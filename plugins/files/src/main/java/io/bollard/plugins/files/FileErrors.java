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
        return new ApiException(HttpStatus.valueOf(e.reason().status()), e.reason().code(), e.getMessage());
    }
}
