package io.bollard.agent.web;

import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.error.ErrorBody;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort for failures no other handler takes: Docker failures get their mapped status; anything else is a
 * 500 whose details go to the log, not to the caller.
 */
@Singleton
public class UnexpectedExceptionHandler implements ExceptionHandler<RuntimeException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionHandler.class);

    @Override
    public HttpResponse<?> handle(HttpRequest request, RuntimeException exception) {
        if (exception instanceof com.github.dockerjava.api.exception.DockerException
                || DockerErrors.isUnreachable(exception)) {
            ApiException mapped = DockerErrors.map(exception);
            return HttpResponse.status(mapped.status()).contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(mapped.body());
        }
        LOG.error("Unexpected failure on {} {}", request.getMethodName(), request.getPath(), exception);
        return HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody("internal_error", "Internal error; see the agent's log"));
    }
}
