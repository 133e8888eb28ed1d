package io.bollard.compose.canonical;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compose's short port syntax, {@code [[host_ip:]published:]target[/protocol]} with ranges on either side, as long
 * form mappings: one per container port.
 */
public final class PortSpec {

    private PortSpec() {
    }

    /**
     * Parses a short port.
     *
     * @param text for example {@code 127.0.0.1:8080-8081:80-81/udp}
     * @return long-form mappings
     * @throws IllegalArgumentException when it is not a port
     */
    public static List<Map<String, Object>> parse(String text) {
        String rest = text.trim();
        String protocol = "tcp";
        int slash = rest.lastIndexOf('/');
        if (slash >= 0) {
            protocol = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String hostIp = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("'" + text + "' is not a port: unclosed [ in the host address");
            }
            hostIp = rest.substring(1, close);
            rest = rest.substring(close + 2);
        }
        String[] parts = rest.split(":", -1);
        String published;
        String target;
        switch (parts.length) {
            case 1 -> {
                published = null;
                target = parts[0];
            }
            case 2 -> {
                published = parts[0];
                target = parts[1];
            }
            case 3 -> {
                if (hostIp != null) {
                    throw new IllegalArgumentException("'" + text + "' is not a port");
                }
                hostIp = parts[0];
                published = parts[1];
                target = parts[2];
            }
            default -> throw new IllegalArgumentException("'" + text + "' is not a port such as \"8080:80/udp\"");
        }
        if (published != null && published.isEmpty()) {
            published = null;
        }
        int[] targets = range(target, text);
        int[] hosts = published == null ? null : range(published, text);
        List<Map<String, Object>> out = new ArrayList<>();
        int count = targets[1] - targets[0] + 1;
        if (hosts != null && hosts[1] != hosts[0] && hosts[1] - hosts[0] + 1 != count && count != 1) {
            throw new IllegalArgumentException("'" + text + "': the published and container ranges differ in size");
        }
        for (int i = 0; i < count; i++) {
            Map<String, Object> port = new LinkedHashMap<>();
            port.put("target", targets[0] + i);
            if (hosts != null) {
                // One container port with a host range: the engine picks a free host port in the range.
                port.put("published", count == 1 ? published : String.valueOf(hosts[0] + i));
            }
            if (hostIp != null && !hostIp.isEmpty()) {
                port.put("host_ip", hostIp);
            }
            port.put("protocol", protocol);
            out.add(port);
        }
        return out;
    }

    private static int[] range(String value, String text) {
        String[] bounds = value.split("-", -1);
        if (bounds.length > 2) {
            throw new IllegalArgumentException("'" + text + "' is not a port range");
        }
        try {
            int low = Integer.parseInt(bounds[0].trim());
            int high = bounds.length == 2 ? Integer.parseInt(bounds[1].trim()) : low;
            if (low < 1 || high > 65535 || high < low) {
                throw new IllegalArgumentException("'" + text + "': ports go from 1 to 65535, low to high");
            }
            return new int[] {low, high};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a port such as \"8080:80/udp\"");
        }
    }
}
