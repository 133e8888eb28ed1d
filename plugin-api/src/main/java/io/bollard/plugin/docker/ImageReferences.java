package io.bollard.plugin.docker;

import java.util.regex.Pattern;

/**
 * Docker's image reference grammar (distribution/reference): what {@code [domain[:port]/]path[:tag][@digest]} the
 * engine takes, for every route or file that names an image.
 */
public final class ImageReferences {

    /** Longest reference taken: Docker's name limit (255) plus a tag (128) and a sha512 digest. */
    private static final int MAX_LENGTH = 512;
    /** A host name label, as in a registry's domain. */
    private static final Pattern DOMAIN_PART = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");
    /** One path component of Docker's reference grammar (distribution/reference). */
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]++(?:(?:[._]|__|-++)[a-z0-9]++)*+");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,31}(?:[-_+.][A-Za-z][A-Za-z0-9]{0,31}){0,3}"
            + ":[0-9a-fA-F]{32,128}");

    /**
     * Whether a text is a reference in Docker's grammar: {@code [domain[:port]/]path[:tag][@digest]}. Checked part
     * by part (one regular expression over the whole text backtracks deep enough on long input to overflow a
     * thread's stack).
     *
     * @param text the text
     * @return whether Docker takes it as an image reference
     */
    public static boolean isReference(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            return false;
        }
        String rest = text;
        int at = rest.indexOf('@');
        if (at >= 0) {
            if (!DIGEST.matcher(rest.substring(at + 1)).matches()) {
                return false;
            }
            rest = rest.substring(0, at);
        }
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            if (!TAG.matcher(rest.substring(colon + 1)).matches()) {
                return false;
            }
            rest = rest.substring(0, colon);
        }
        String[] parts = rest.split("/", -1);
        int first = 0;
        if (parts.length > 1 && isDomain(parts[0])) {
            first = 1;
        }
        for (int i = first; i < parts.length; i++) {
            if (parts[i].length() > 255 || !PATH_COMPONENT.matcher(parts[i]).matches()) {
                return false;
            }
        }
        return true;
    }

    /** {@code registry.example.com}, {@code localhost:5000}, {@code 127.0.0.1:5000}. */
    private static boolean isDomain(String part) {
        int colon = part.indexOf(':');
        String host = colon < 0 ? part : part.substring(0, colon);
        if (colon >= 0 && !part.substring(colon + 1).matches("[0-9]{1,5}")) {
            return false;
        }
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        for (String label : host.split("\\.", -1)) {
            if (!DOMAIN_PART.matcher(label).matches()) {
                return false;
            }
        }
        // Docker takes the first part as a domain only when it looks like one; otherwise it is a path component.
        return colon >= 0 || host.contains(".") || host.equals("localhost") || !host.equals(host.toLowerCase());
    }

    private ImageReferences() {
    }
}
