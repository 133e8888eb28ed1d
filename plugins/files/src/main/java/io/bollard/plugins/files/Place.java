package io.bollard.plugins.files;

import io.bollard.plugin.error.ApiException;
import io.micronaut.core.annotation.Nullable;

/**
 * Where a file operation works: a volume, a stack's folder, or a container; exactly one.
 *
 * @param volume    a volume name
 * @param stack     a stack name
 * @param container a container id, id prefix or name
 */
public record Place(@Nullable String volume, @Nullable String stack, @Nullable String container) {

    /**
     * Checks that exactly one is given.
     *
     * @return this
     */
    public Place checked() {
        int given = (blank(volume) ? 0 : 1) + (blank(stack) ? 0 : 1) + (blank(container) ? 0 : 1);
        if (given != 1) {
            throw ApiException.badRequest("give exactly one of volume, stack or container");
        }
        return this;
    }

    /** @return whether it is a container */
    public boolean isContainer() {
        return !blank(container);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
