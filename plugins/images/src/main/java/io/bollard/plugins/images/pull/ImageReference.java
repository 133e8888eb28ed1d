package io.bollard.plugins.images.pull;

import io.bollard.plugin.error.ApiException;

import java.util.regex.Pattern;

/**
 * An image reference split as the pull API wants it: repository, and tag or digest.
 *
 * @param repository for example {@code 127.0.0.1:5000/team/app}
 * @param tag        for example {@code 1.2}, or a digest {@code sha256:...}; {@code latest} when none was given
 */
public record ImageReference(String repository, String tag) {

    /** Longest reference taken: Docker's name limit (255) plus a tag (128) and a sha512 digest. */
    private static final int MAX_LENGTH = 512;
    /** A host name label, as in a registry's domain. */
    private static final Pattern DOMAIN_PART = Pattern.compile("[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?");
    /** One path component of Docker's reference grammar (distribution/reference). */
    private static final Pattern PATH_COMPONENT = Pattern.compile("[a-z0-9]++(?:(?:[._]|__|-++)[a-z0-9]++)*+");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,31}(?:[-_+.][A-Za-z][A-Za-z0-9]{0,31}){0,3}"
            + ":[0-9a-fA-F]{32,128}");
    /** An image id or id prefix, with or without its algorithm. */
    private static final Pattern ID = Pattern.compile("(?:sha256:)?[0-9a-f]{1,64}");

    /**
     * Whether a text is a reference in Docker's grammar: {@code [domain[:port]/]path[:tag][@digest]}. Checked part
     * by part (one regular expression over the whole text backtracks deep enough on long input to overflow a
     * thread's stack).
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

    /**
     * Parses a reference such as {@code busybox}, {@code host:5000/a/b:tag} or {@code a/b@sha256:...}.
     *
     * @param text the reference
     * @return its parts
     * @throws ApiException 400 when it is not a reference
     */
    public static ImageReference parse(String text) {
        if (text == null || !isReference(text.trim())) {
            throw ApiException.badRequest("'" + text + "' is not an image reference such as registry:5000/team/app:1.2");
        }
        String ref = text.trim();
        int at = ref.indexOf('@');
        if (at > 0) {
            return new ImageReference(ref.substring(0, at), ref.substring(at + 1));
        }
        int colon = ref.lastIndexOf(':');
        int slash = ref.lastIndexOf('/');
        if (colon > slash) {
            return new ImageReference(ref.substring(0, colon), ref.substring(colon + 1));
        }
        return new ImageReference(ref, "latest");
    }

    /**
     * Checks a name an image route was given: a reference, an id or an id prefix.
     *
     * @param text what the caller named
     * @return the text
     * @throws ApiException 400 when it is none of those (a path such as {@code ../containers/x} among them)
     */
    public static String requireNameOrId(String text) {
        if (text == null || !(text.length() <= 71 && ID.matcher(text).matches() || isReference(text))) {
            throw ApiException.badRequest("'" + text + "' is not an image id or reference such as "
                    + "registry:5000/team/app:1.2");
        }
        return text;
    }

    /** @return {@code repository:tag}, or {@code repository@digest} */
    public String canonical() {
        return tag.startsWith("sha256:") ? repository + "@" + tag : repository + ":" + tag;
    }
}
