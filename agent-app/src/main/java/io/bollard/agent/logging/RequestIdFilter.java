package io.bollard.agent.logging;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a short token, a new random one
 * otherwise. The id is in the MDC (as {@code requestId}) of every log line written while the request is handled,
 * on whichever thread, and goes back to the caller as {@code X-Request-Id}. At debug level it writes one access
 * line per request (method, path without its query, status, time).
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestIdFilter implements Ordered {

    /** The header, both ways. */
    public static final String HEADER = "X-Request-Id";

    /** The MDC key the log lines carry. */
    public static final String MDC_KEY = "requestId";

    private static final String ATTRIBUTE = "bollard.request-id";
    private static final String STARTED = "bollard.request-started";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final Logger LOG = LoggerFactory.getLogger(RequestIdFilter.class);

    /**
     * Takes or makes the id and puts it in the request's propagated MDC.
     *
     * @param request the request
     * @param context the request's propagated context
     */
    @RequestFilter
    public void assign(HttpRequest<?> request, MutablePropagatedContext context) {
        String given = request.getHeaders().get(HEADER);
        String id = given != null && SANE.matcher(given).matches() ? given
                : HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        request.setAttribute(ATTRIBUTE, id);
        request.setAttribute(STARTED, System.nanoTime());
        context.add(new MdcPropagationContext(Map.of(MDC_KEY, id)));
    }

    /**
     * Echoes the id.
     *
     * @param request  the request
     * @param response the answer
     */
    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, String.class).ifPresent(id -> {
            response.header(HEADER, id);
            if (LOG.isDebugEnabled()) {
                long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
                LOG.debug("{} {} -> {} in {} ms", request.getMethodName(), request.getPath(), response.code(),
                        (System.nanoTime() - started) / 1_000_000);
            }
        });
    }

    @Override
    public int getOrder() {
        // Before security, so refused requests have ids too.
        return ServerFilterPhase.FIRST.before();
    }
}
