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

    private static final Pattern VALID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._/:@+-]*");

    /**
     * Parses a reference such as {@code busybox}, {@code host:5000/a/b:tag} or {@code a/b@sha256:...}.
     *
     * @param text the reference
     * @return its parts
     * @throws ApiException 400 when it is not a reference
     */
    public static ImageReference parse(String text) {
        if (text == null || text.isBlank() || !VALID.matcher(text.trim()).matches() || text.length() > 1024) {
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

    /** @return {@code repository:tag}, or {@code repository@digest} */
    public String canonical() {
        return tag.startsWith("sha256:") ? repository + "@" + tag : repository + ":" + tag;
    }
}
