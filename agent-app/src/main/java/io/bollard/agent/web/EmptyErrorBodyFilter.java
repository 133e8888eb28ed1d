package io.bollard.agent.web;

import io.bollard.plugin.error.ErrorBody;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Gives an error answer that has no body the agent's error shape, so a caller never gets a bare status. Such answers
 * come from Micronaut's own filters, such as its guard that refuses requests carrying a browser's {@code Origin} to
 * a loopback address (a web page's drive-by request), which answers with an empty 403.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class EmptyErrorBodyFilter implements Ordered {

    /**
     * Fills the body of an empty error answer.
     *
     * @param request  the request
     * @param response the answer
     */
    @ResponseFilter
    public void fill(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.code() < 400 || request.getMethod() == HttpMethod.HEAD || response.getBody().isPresent()) {
            return;
        }
        HttpStatus status = response.getStatus();
        String message = status == HttpStatus.FORBIDDEN && request.getHeaders().contains(HttpHeaders.ORIGIN)
                ? "requests that carry a web page's Origin to the agent on a loopback address are refused"
                : status.getReason();
        response.contentType(MediaType.APPLICATION_JSON_TYPE).body(new ErrorBody(ErrorCodes.of(status), message));
    }

    @Override
    public int getOrder() {
        // First on the way in, so last on the way out: after the filter that answered.
        return ServerFilterPhase.FIRST.before();
    }
}
