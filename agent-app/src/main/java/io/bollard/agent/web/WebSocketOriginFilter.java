package io.bollard.agent.web;

import io.bollard.plugin.error.ErrorBody;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

import java.net.URI;
import java.util.Locale;

/**
 * Refuses a WebSocket handshake whose {@code Origin} is another site than the agent itself (403), so a page in an
 * operator's browser cannot open the agent's sockets. Servers, which send no Origin, are not affected.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class WebSocketOriginFilter {

    /**
     * Checks the handshake.
     *
     * @param request the request
     * @return null to go on, or a 403
     */
    @RequestFilter
    @Nullable
    public HttpResponse<?> checkOrigin(HttpRequest<?> request) {
        String upgrade = request.getHeaders().get(HttpHeaders.UPGRADE);
        if (upgrade == null || !"websocket".equalsIgnoreCase(upgrade)) {
            return null;
        }
        String origin = request.getHeaders().get(HttpHeaders.ORIGIN);
        if (origin == null || origin.isEmpty()) {
            return null;
        }
        String host = request.getHeaders().get(HttpHeaders.HOST);
        if (host != null && sameHost(origin, host)) {
            return null;
        }
        return HttpResponse.status(HttpStatus.FORBIDDEN)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody("forbidden", "WebSocket origin " + origin + " is not allowed"));
    }

    static boolean sameHost(String origin, String host) {
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            int port = uri.getPort();
            if (port < 0) {
                port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            }
            String expected = (uri.getHost() + ":" + port).toLowerCase(Locale.ROOT);
            String actual = host.toLowerCase(Locale.ROOT);
            if (!actual.contains(":") || actual.endsWith("]")) {
                actual = actual + ":" + ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
            }
            return expected.equals(actual);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
