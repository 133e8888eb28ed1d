package io.bollard.agent.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edge mode's settings: the server the agent dials out to, how it trusts that server, and the timing of
 * reconnects and heartbeats.
 *
 * @param server           {@code AGENT_EDGE_SERVER}: a {@code wss://} (or, with a warning, {@code ws://}) address
 * @param ca               {@code AGENT_EDGE_CA}: a PEM file of CA certificates trusted instead of the system's, or
 *                         null
 * @param fingerprint      {@code AGENT_EDGE_SERVER_FINGERPRINT}: the server certificate's SHA-256 fingerprint as
 *                         {@code AB:CD:...}, pinned instead of any CA, or null
 * @param reconnectInitial {@code AGENT_EDGE_RECONNECT_INITIAL}: the first reconnect delay
 * @param reconnectMax     {@code AGENT_EDGE_RECONNECT_MAX}: the longest reconnect delay
 * @param heartbeat        {@code AGENT_EDGE_HEARTBEAT}: how often the agent sends a heartbeat
 * @param unhealthyAfter   {@code AGENT_EDGE_UNHEALTHY_AFTER}: how long the agent may be without a connection to the
 *                         server before its health check says unhealthy
 */
public record EdgeSettings(URI server, Path ca, String fingerprint, Duration reconnectInitial,
                           Duration reconnectMax, Duration heartbeat, Duration unhealthyAfter) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");
    private static final Pattern FINGERPRINT = Pattern.compile("(?:[0-9a-fA-F]{2}:?){32}");

    /**
     * Reads edge mode's variables; called only when {@code AGENT_MODE=edge}.
     *
     * @param env the environment variables
     * @param ca  {@code AGENT_EDGE_CA}, already checked to be readable, or null
     * @return the settings
     * @throws SettingsException naming the first bad variable
     */
    static EdgeSettings fromEnvironment(Map<String, String> env, Path ca) {
        URI server = server(env.get("AGENT_EDGE_SERVER"));
        String fingerprint = fingerprint(env.get("AGENT_EDGE_SERVER_FINGERPRINT"));
        if (ca != null && fingerprint != null) {
            throw new SettingsException("AGENT_EDGE_CA", "and AGENT_EDGE_SERVER_FINGERPRINT are both set; "
                    + "trust the server by one of them");
        }
        if ("ws".equals(server.getScheme()) && (ca != null || fingerprint != null)) {
            throw new SettingsException("AGENT_EDGE_SERVER", "is ws:// (no TLS), so AGENT_EDGE_CA or "
                    + "AGENT_EDGE_SERVER_FINGERPRINT cannot apply; use wss://");
        }
        Duration initial = duration("AGENT_EDGE_RECONNECT_INITIAL", env.get("AGENT_EDGE_RECONNECT_INITIAL"),
                Duration.ofSeconds(1));
        Duration max = duration("AGENT_EDGE_RECONNECT_MAX", env.get("AGENT_EDGE_RECONNECT_MAX"),
                Duration.ofSeconds(60));
        if (max.compareTo(initial) < 0) {
            throw new SettingsException("AGENT_EDGE_RECONNECT_MAX", "(" + max.toMillis() + " ms) is shorter than "
                    + "AGENT_EDGE_RECONNECT_INITIAL (" + initial.toMillis() + " ms)");
        }
        Duration heartbeat = duration("AGENT_EDGE_HEARTBEAT", env.get("AGENT_EDGE_HEARTBEAT"),
                Duration.ofSeconds(30));
        Duration unhealthyAfter = duration("AGENT_EDGE_UNHEALTHY_AFTER", env.get("AGENT_EDGE_UNHEALTHY_AFTER"),
                Duration.ofMinutes(2));
        return new EdgeSettings(server, ca, fingerprint, initial, max, heartbeat, unhealthyAfter);
    }

    /** @return whether the connection is unencrypted ({@code ws://}) */
    public boolean plain() {
        return "ws".equals(server.getScheme());
    }

    /**
     * The server's address as logs and health answers show it: without its query, which may carry a key (the
     * health answer needs no token).
     *
     * @param server the address
     * @return {@code scheme://host[:port]/path}, with {@code ?…} where a query was left out
     */
    public static String shown(URI server) {
        return server.getScheme() + "://" + server.getHost() + (server.getPort() < 0 ? "" : ":" + server.getPort())
                + (server.getRawPath() == null ? "" : server.getRawPath()) + (server.getRawQuery() == null ? "" : "?…");
    }

    private static URI server(String value) {
        if (value == null || value.isBlank()) {
            throw new SettingsException("AGENT_EDGE_SERVER", "is not set; AGENT_MODE=edge needs the server's "
                    + "address, e.g. wss://manager.example.com/edge");
        }
        try {
            URI uri = new URI(value.trim());
            if (("wss".equals(uri.getScheme()) || "ws".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null && uri.getFragment() == null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // Reported below.
        }
        // Not quoted: a user-info part or a query may hold a password.
        throw new SettingsException("AGENT_EDGE_SERVER", "is not a wss://host[:port]/path address (no user name or "
                + "password in it, no #fragment)");
    }

    private static String fingerprint(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (!FINGERPRINT.matcher(trimmed).matches() || trimmed.replace(":", "").length() != 64) {
            throw new SettingsException("AGENT_EDGE_SERVER_FINGERPRINT", "'" + value + "' is not a SHA-256 "
                    + "fingerprint (64 hex digits, colons allowed, as openssl x509 -fingerprint -sha256 prints it)");
        }
        byte[] digest = HexFormat.of().parseHex(trimmed.replace(":", "").toLowerCase(Locale.ROOT));
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }

    /**
     * A duration such as {@code 500ms}, {@code 30s}, {@code 2m}; a bare number is seconds.
     *
     * @param variable the variable, for the error
     * @param value    its value, or null
     * @param fallback the default
     * @return the duration, above zero
     */
    static Duration duration(String variable, String value, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "s" : m.group(2);
                Duration d = switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofSeconds(n);
                };
                if (!d.isZero() && d.compareTo(Duration.ofDays(1)) <= 0) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // Reported below.
            }
        }
        throw new SettingsException(variable, "'" + value + "' is not a duration such as 500ms, 30s or 2m "
                + "(above zero, at most a day)");
    }
}
