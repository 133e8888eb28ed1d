package io.bollard.agent.web;

import io.bollard.plugin.error.ErrorBody;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Filter;
import io.micronaut.http.filter.HttpServerFilter;
import io.micronaut.http.filter.ServerFilterChain;
import io.micronaut.http.filter.ServerFilterPhase;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the request bodies the agent holds in memory at once within what its heap can take, so large JSON bodies
 * (a file's content, a long environment) answer 413 or 503 instead of running the agent out of memory: with the
 * image's heap, one 9 MiB file write, or three of 5 MiB at once, ended the process and every stream it served.
 * A body costs several times its size while it is read and parsed (the bytes, the text, the decoded content), so
 * the budget is an eighth of the heap. Uploads are not counted: beyond a small size they go to disk.
 */
@Filter(Filter.MATCH_ALL_PATTERN)
public class BodyBudgetFilter implements HttpServerFilter, Ordered {

    /** Bodies this small are not counted: most requests, and they cost little. */
    static final long UNCOUNTED = 64 * 1024;

    private final long budget;
    private final AtomicLong held = new AtomicLong();

    /** A budget of an eighth of the heap's limit. */
    public BodyBudgetFilter() {
        this(Runtime.getRuntime().maxMemory() / 8);
    }

    BodyBudgetFilter(long budget) {
        this.budget = budget;
    }

    @Override
    public Publisher<MutableHttpResponse<?>> doFilter(HttpRequest<?> request, ServerFilterChain chain) {
        long length = request.getContentLength();
        if (length <= UNCOUNTED || request.getContentType().map(BodyBudgetFilter::isUpload).orElse(false)) {
            return chain.proceed(request);
        }
        if (length > budget) {
            return Publishers.just(refusal(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", "the request body ("
                    + length + " bytes) is more than this agent takes in memory (" + budget + " bytes, an eighth of "
                    + "its heap; JAVA_OPTS -Xmx raises it); files go through the upload route"));
        }
        if (held.addAndGet(length) > budget) {
            held.addAndGet(-length);
            return Publishers.just(refusal(HttpStatus.SERVICE_UNAVAILABLE, "busy", "the agent is reading other "
                    + "large request bodies and has no memory for this one (" + length + " bytes) now; try again")
                    .header(HttpHeaders.RETRY_AFTER, "1"));
        }
        return Flux.from(chain.proceed(request)).doFinally(signal -> held.addAndGet(-length));
    }

    private static boolean isUpload(MediaType type) {
        return type.getName().startsWith("multipart/");
    }

    private static MutableHttpResponse<?> refusal(HttpStatus status, String code, String message) {
        return HttpResponse.status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody(code, message));
    }

    /** @return the bytes of bodies held now */
    long held() {
        return held.get();
    }

    @Override
    public int getOrder() {
        // After authentication: a caller without a token gets its 401, and takes none of the budget.
        return ServerFilterPhase.SECURITY.after();
    }
}
