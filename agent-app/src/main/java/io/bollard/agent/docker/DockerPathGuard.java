package io.bollard.agent.docker;

import com.github.dockerjava.transport.DockerHttpClient;
import io.bollard.plugin.error.ApiException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Wraps the transport docker-java calls Docker through and refuses any call whose path holds a {@code .} or
 * {@code ..} segment, plain or percent-encoded.
 *
 * <p>docker-java puts names and references into the request path as they are, so a value such as
 * {@code ../containers/x} would reach another Docker endpoint than the one the route means (an image route
 * inspecting or removing a container the label filter hides). No Docker name, id or image reference holds such a
 * segment, so refusing them all, whatever route passed the value, closes that door for every caller at once; routes
 * still check their own values first, for clearer messages.
 */
public final class DockerPathGuard implements DockerHttpClient {

    private final DockerHttpClient delegate;

    /**
     * @param delegate the real transport
     */
    public DockerPathGuard(DockerHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public Response execute(Request request) {
        check(request.path());
        return delegate.execute(request);
    }

    @Override
    public void close() throws java.io.IOException {
        delegate.close();
    }

    /**
     * Refuses a path with a dot segment.
     *
     * @param pathAndQuery the request's path, possibly with its query string
     * @throws ApiException 400 when a segment is {@code .} or {@code ..}
     */
    static void check(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        String path = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        // docker-java writes a / inside a value as %2F, and Docker decodes the path before cleaning it (then
        // redirects to the cleaned one, which the transport follows): so segments are read fully decoded.
        String decoded = path;
        for (int rounds = 0; decoded.indexOf('%') >= 0 && rounds < 5; rounds++) {
            String next = decode(decoded);
            if (next.equals(decoded)) {
                break;
            }
            decoded = next;
        }
        if (decoded.indexOf('#') >= 0 || decoded.indexOf('\\') >= 0) {
            throw ApiException.badRequest("a name or reference may not hold '#' or '\\'");
        }
        for (String segment : decoded.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw ApiException.badRequest("a name or reference may not hold a '" + segment + "' path segment");
            }
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
