package io.bollard.files;

import java.io.IOException;

/**
 * The system calls that reach a folder through an open descriptor ({@code openat}, {@code renameat2}), for
 * {@link HeldFolder}; this copy is the one JDK 21 loads, and has none of them.
 *
 * <p>Java 21 can call into the C library only with a preview API, so the calls live in the jar's copy of this class
 * for JDK 22 and later ({@code src/main/java22}, {@code META-INF/versions/22}), which a JDK 22+ build adds. Here
 * {@link #available()} says there are none, and {@link HeldFolder} reaches folders by name.
 */
final class NativeFolders {

    private NativeFolders() {
    }

    /** @return null: this JDK has no way to call them */
    static NativeFolders available() {
        return null;
    }

    int open(String trustedFolder) throws IOException {
        throw new UnsupportedOperationException();
    }

    int openIn(int folder, String name) throws IOException {
        throw new UnsupportedOperationException();
    }

    int openFileIn(int folder, String name) throws IOException {
        throw new UnsupportedOperationException();
    }

    int createFileIn(int folder, String name) throws IOException {
        throw new UnsupportedOperationException();
    }

    boolean renameNoReplace(int fromFolder, String from, int toFolder, String to) throws IOException {
        throw new UnsupportedOperationException();
    }

    void close(int descriptor) {
        throw new UnsupportedOperationException();
    }
}
