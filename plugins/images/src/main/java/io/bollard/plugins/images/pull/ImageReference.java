package io.bollard.plugins.images.pull;

import io.bollard.plugin.docker.ImageReferences;
import io.bollard.plugin.error.ApiException;

import java.util.regex.Pattern;

/**
 * An image reference split as the pull API wants it: repository, and tag or digest.
 *
 * @param repository for example {@code 127.0.0.1:5000/team/app}
 * @param tag        for example {@code 1.2}, or a digest {@code sha256:...}; {@code latest} when none was given
 */
public record ImageReference(String repository, String tag) {

    /** An image id or id prefix, with or without its algorithm. */
    private static final Pattern ID = Pattern.compile("(?:sha256:)?[0-9a-f]{1,64}");

    /**
     * Whether a text is a reference in Docker's grammar ({@link ImageReferences#isReference}).
     *
     * @param text the text
     * @return whether Docker takes it as an image reference
     */
    public static boolean isReference(String text) {
        return ImageReferences.isReference(text);
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
