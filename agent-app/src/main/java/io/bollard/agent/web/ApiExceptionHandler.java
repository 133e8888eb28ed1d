package io.bollard.agent.web;

import io.bollard.plugin.error.ApiException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers an {@link ApiException} with its status and {@code {"error", "message"}} body.
 */
@Singleton
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException exception) {
        if (exception.status() == HttpStatus.NOT_MODIFIED) {
            return HttpResponse.status(HttpStatus.NOT_MODIFIED);
        }
        return HttpResponse.status(exception.status())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(exception.body());
    }
}
