package io.bollard.plugins.files;

import io.bollard.files.FileAccessException;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.error.ApiException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers the file library's refusals as API errors (400 invalid path, 403 outside the root, 404, 409, 413).
 */
@Singleton
@RequiresPlugin(FilesPlugin.ID)
public class FileAccessExceptionHandler implements ExceptionHandler<FileAccessException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, FileAccessException exception) {
        ApiException api = FileErrors.map(exception);
        return HttpResponse.status(api.status()).contentType(MediaType.APPLICATION_JSON_TYPE).body(api.body());
    }
}
