package io.bollard.agent.security;

import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Tells requests the edge tunnel replays from other clients of the loopback listener, for counting failed
 * authentications: all of them come from {@code 127.0.0.1}, and without this any local process could fail enough
 * logins to have the server's own requests (and its enrollment) refused with 429.
 *
 * <p>The tunnel adds {@link #HEADER} with a random value made at start, which only this process knows; the
 * server's own headers of that name are dropped before. A request that carries the value is counted as "the
 * tunnel", others by their address.
 */
@Singleton
public class TunnelMark {

    /** The header the tunnel adds to each request it replays. */
    public static final String HEADER = "X-Bollard-Tunnel";

    /** The key the tunnel's failures are counted under. */
    static final Object TUNNEL = new Object() {
        @Override
        public String toString() {
            return "the edge tunnel";
        }
    };

    private final String value;

    /** Makes the value. */
    public TunnelMark() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        value = HexFormat.of().formatHex(random);
    }

    /** @return the value the tunnel sends in {@link #HEADER} */
    public String value() {
        return value;
    }

    /**
     * The client a request's failed authentications count against.
     *
     * @param request the request
     * @return {@link #TUNNEL} for a request the tunnel replayed, else the caller's address (null when unknown)
     */
    public Object client(HttpRequest<?> request) {
        String presented = request.getHeaders().get(HEADER);
        if (presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8))) {
            return TUNNEL;
        }
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null ? null : remote.getAddress();
    }
}
