package io.bollard.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A folder inside a sandbox, held open for one operation, so that the names the operation creates, replaces or
 * moves land in the folder the sandbox checked, even when a container swaps a folder on the way for a link meanwhile.
 *
 * <p>The folder is opened from the sandbox's root one name at a time without following links ({@code openat} with
 * {@code O_NOFOLLOW}): a link on the way fails the opening. The operation then reaches the folder through
 * {@link #path()}, {@code /proc/self/fd/<n>}, which the kernel resolves to the open folder, never by its name. Where
 * the C library cannot be called (JDK 21, other systems: see {@link NativeFolders}), the folder is reached by name,
 * as before: {@link #byDescriptor()} says which.
 */
final class HeldFolder implements AutoCloseable {

    /** Why an operation failed when a folder on its way was replaced by a link or a file after the check. */
    static final String NOT_A_FOLDER = "a folder on the way was replaced while the operation ran";

    private static final NativeFolders NATIVE = NativeFolders.available();

    private final Path path;
    /** The open folder, or -1 when it is reached by name. */
    private final int descriptor;

    private HeldFolder(Path path, int descriptor) {
        this.path = path;
        this.descriptor = descriptor;
    }

    /** @return true when folders are held open, false when they are reached by name */
    static boolean byDescriptor() {
        return NATIVE != null;
    }

    /**
     * Opens a folder inside a sandbox's root.
     *
     * @param root   the root's real path (trusted: nothing the sandbox holds can replace it)
     * @param folder the folder's real path, inside the root (its folders resolved, no links among them when checked)
     * @return the held folder; close it after the operation
     * @throws FileSystemException with reason {@link #NOT_A_FOLDER} when a name on the way is no longer a folder
     */
    static HeldFolder open(Path root, Path folder) throws IOException {
        Path relative = root.relativize(folder);
        if (NATIVE == null) {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                throw Files.exists(folder, LinkOption.NOFOLLOW_LINKS)
                        ? new FileSystemException(folder.toString(), null, NOT_A_FOLDER)
                        : new NoSuchFileException(folder.toString());
            }
            return new HeldFolder(folder, -1);
        }
        int fd = NATIVE.open(root.toString());
        try {
            for (Path name : relative) {
                if (name.toString().isEmpty()) {
                    continue; // the root itself
                }
                if (name.toString().equals("..")) {
                    throw new IllegalArgumentException("not a resolved folder inside the root");
                }
                int inner = NATIVE.openIn(fd, name.toString());
                NATIVE.close(fd);
                fd = inner;
            }
        } catch (IOException | RuntimeException e) {
            NATIVE.close(fd);
            throw e;
        }
        return new HeldFolder(Path.of("/proc/self/fd/" + fd), fd);
    }

    /**
     * One file operation on an entry reached through its held folder.
     *
     * @param <T> what it answers
     */
    @FunctionalInterface
    interface Operation<T> {
        /**
         * @param reached where the operation reaches the entry
         * @return its answer
         */
        T on(Path reached) throws IOException;
    }

    /** One file operation on two entries, each reached through its held folder. */
    @FunctionalInterface
    interface PairOperation {
        /**
         * @param first  where the operation reaches the first entry
         * @param second where it reaches the second
         */
        void on(Path first, Path second) throws IOException;
    }

    /**
     * Runs an operation on an entry inside a sandbox's root with the entry's folder held open.
     *
     * @param root      the root's real path
     * @param entry     the entry's path inside the root (its folders real)
     * @param operation the operation
     * @param <T>       what it answers
     * @return its answer
     */
    static <T> T at(Path root, Path entry, Operation<T> operation) throws IOException {
        try (HeldFolder folder = open(root, entry.getParent())) {
            return operation.on(folder.resolve(entry.getFileName().toString()));
        }
    }

    /**
     * Runs an operation on two entries inside a sandbox's root with each one's folder held open.
     *
     * @param root      the root's real path
     * @param first     the first entry's path inside the root
     * @param second    the second's
     * @param operation the operation
     */
    static void at(Path root, Path first, Path second, PairOperation operation) throws IOException {
        try (HeldFolder firstFolder = open(root, first.getParent());
             HeldFolder secondFolder = open(root, second.getParent())) {
            operation.on(firstFolder.resolve(first.getFileName().toString()),
                    secondFolder.resolve(second.getFileName().toString()));
        }
    }

    /**
     * Moves an entry inside a sandbox's root to a name that must be free, both folders held open.
     *
     * @param root the root's real path
     * @param from the entry
     * @param to   where it goes
     * @throws FileAlreadyExistsException when that name is taken
     */
    static void moveNoReplace(Path root, Path from, Path to) throws IOException {
        try (HeldFolder fromFolder = open(root, from.getParent()); HeldFolder toFolder = open(root, to.getParent())) {
            fromFolder.moveNoReplace(from.getFileName().toString(), toFolder, to.getFileName().toString());
        }
    }

    /** @return where the operation reaches the folder; valid until {@link #close()} */
    Path path() {
        return path;
    }

    /**
     * @param name one name in the folder
     * @return where the operation reaches that entry
     */
    Path resolve(String name) {
        return path.resolve(name);
    }

    /**
     * Moves an entry of this folder to a held folder under a new name, refusing when that name is taken; one
     * {@code renameat2} with {@code RENAME_NOREPLACE} where the system has it, else a check and then a rename.
     *
     * @param name   the entry's name here
     * @param to     the folder it goes to (may be this one)
     * @param toName its new name there
     * @throws FileAlreadyExistsException when the new name is taken
     */
    void moveNoReplace(String name, HeldFolder to, String toName) throws IOException {
        if (NATIVE != null && NATIVE.renameNoReplace(descriptor, name, to.descriptor, toName)) {
            return;
        }
        Path target = to.resolve(toName);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(toName); // rename(2) would replace it silently
        }
        Files.move(resolve(name), target, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() {
        if (descriptor >= 0) {
            NATIVE.close(descriptor);
        }
    }
}
