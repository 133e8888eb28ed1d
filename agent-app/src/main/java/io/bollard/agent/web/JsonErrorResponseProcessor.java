package io.bollard.agent.web;

import io.bollard.plugin.error.ErrorBody;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.stream.Collectors;

/**
 * Renders every error Micronaut itself raises (unknown route, bad parameter, unreadable body, wrong method) as
 * {@link ErrorBody}, so callers see one error shape and never a stack trace.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class JsonErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {

    @Override
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        HttpStatus status = response.getStatus();
        String message = context.hasErrors()
                ? context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "))
                : status.getReason();
        if (status.getCode() >= 500 && context.getRootCause().isPresent()) {
            // Internal details stay in the log.
            message = "Internal error; see the agent's log";
        }
        return response.contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody(ErrorCodes.of(status), message));
    }
}
