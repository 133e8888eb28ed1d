package io.bollard.files;

import java.util.List;

/**
 * The sandbox's spelling rules for paths that are not on this file system (such as paths inside a container):
 * the same refusals of control characters, encoded separators, look-alike dots and over-long names.
 */
public final class SandboxPaths {

    private SandboxPaths() {
    }

    /**
     * Checks a path's spelling and splits it.
     *
     * @param userPath the path
     * @return its components, {@code ..} kept
     * @throws FileAccessException when malformed
     */
    public static List<String> components(String userPath) {
        return Sandbox.components(userPath);
    }
}
