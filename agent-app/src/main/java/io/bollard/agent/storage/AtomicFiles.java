package io.bollard.agent.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a file of the agent's state in one step: the bytes go to a temporary file beside it, with its
 * permissions set before any byte is written, are flushed to disk, and the file takes its place by rename (or,
 * for {@link #createOnce}, by a link that fails when the file exists).
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** Writes a file's bytes. */
    @FunctionalInterface
    public interface Content {
        /**
         * @param out where the bytes go
         * @throws IOException when they cannot be written
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes or replaces a file.
     *
     * @param file        the file
     * @param permissions POSIX permissions, such as {@code rw-------}
     * @param content     its bytes
     * @throws IOException when it cannot be written; the old file is then unchanged
     */
    public static void write(Path file, String permissions, Content content) throws IOException {
        Path tmp = temp(file, permissions, content);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Creates a file only if none exists, so that of concurrent writers (in this process or another) exactly one
     * succeeds.
     *
     * @param file        the file
     * @param permissions POSIX permissions
     * @param content     its bytes
     * @throws java.nio.file.FileAlreadyExistsException when the file exists
     * @throws IOException                               when it cannot be written
     */
    public static void createOnce(Path file, String permissions, Content content) throws IOException {
        Path tmp = temp(file, permissions, content);
        try {
            Files.createLink(file, tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path temp(Path file, String permissions, Content content) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), "." + file.getFileName(), ".tmp");
        try {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(permissions));
            }
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            return tmp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }
}
