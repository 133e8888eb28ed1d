package io.bollard.agent.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.filter.ServerFilterChain;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BodyBudgetFilterTest {

    /** A route that has not answered yet: the body it read stays held until it does. */
    private static final ServerFilterChain PENDING = new ServerFilterChain() {
        @Override
        public Publisher<MutableHttpResponse<?>> proceed(HttpRequest<?> request) {
            return Flux.never();
        }
    };

    private static HttpRequest<?> body(long bytes, MediaType type) {
        return HttpRequest.POST("/x", "").contentType(type).header(HttpHeaders.CONTENT_LENGTH, String.valueOf(bytes));
    }

    private static int status(Publisher<MutableHttpResponse<?>> answer) {
        return Mono.from(answer).map(HttpResponse::code).block();
    }

    @Test
    void bodiesHeldAtOnceStayWithinTheBudget() {
        BodyBudgetFilter filter = new BodyBudgetFilter(300_000);
        assertEquals(413, status(filter.doFilter(body(300_001, MediaType.APPLICATION_JSON_TYPE), PENDING)));
        Disposable first = Flux.from(filter.doFilter(body(200_000, MediaType.APPLICATION_JSON_TYPE), PENDING))
                .subscribe();
        assertEquals(200_000, filter.held());
        assertEquals(503, status(filter.doFilter(body(200_000, MediaType.APPLICATION_JSON_TYPE), PENDING)));
        assertEquals(200_000, filter.held(), "a refused body takes nothing");
        first.dispose();
        assertEquals(0, filter.held(), "the first one's answer gave its share back");
        Flux.from(filter.doFilter(body(200_000, MediaType.APPLICATION_JSON_TYPE), PENDING)).subscribe().dispose();
        assertEquals(0, filter.held());
    }

    @Test
    void smallBodiesAndUploadsAreNotCounted() {
        BodyBudgetFilter filter = new BodyBudgetFilter(1);
        Flux.from(filter.doFilter(body(BodyBudgetFilter.UNCOUNTED, MediaType.APPLICATION_JSON_TYPE), PENDING))
                .subscribe();
        Flux.from(filter.doFilter(body(1 << 30, MediaType.MULTIPART_FORM_DATA_TYPE), PENDING)).subscribe();
        assertEquals(0, filter.held());
    }
}
