package io.bollard.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

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

    /** Why an operation failed when the file it opened is not a regular file (a link, a pipe, a device) now. */
    static final String NOT_A_FILE = "the file was replaced by something that is not a regular file";

    private static final NativeFolders NATIVE = NativeFolders.available();

    private final Path path;
    /** The open folder, or -1 when it is reached by name. */
    private final int descriptor;

    private HeldFolder(Path path, int descriptor) {
        this.path = path;
        this.descriptor = descriptor;
    }

    /** @return where an open descriptor is reached: the kernel resolves this path to the open file or folder */
    private static Path reached(int descriptor) {
        return Path.of("/proc/self/fd/" + descriptor);
    }

    /**
     * @return how to reach what a descriptor holds (-1: none, reached by name) to set its mode, owner or time:
     *         following the descriptor's link to it, or by name without following a link
     */
    private static LinkOption[] linkOptions(int descriptor) {
        return descriptor >= 0 ? new LinkOption[0] : new LinkOption[]{LinkOption.NOFOLLOW_LINKS};
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
        return new HeldFolder(reached(fd), fd);
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

    /**
     * Opens a regular file of this folder for reading: never through a link put in its place, never waiting on a
     * pipe, and refused when what it opened is not a regular file (a device node a container made, say), checked on
     * the open file itself, not on its name.
     *
     * @param name the file's name here
     * @return the open file; close it once the operation opened it again through {@link HeldFile#path()}
     * @throws FileSystemException with reason {@link #NOT_A_FILE} when it is not a regular file
     */
    HeldFile openFile(String name) throws IOException {
        if (NATIVE == null) {
            Path file = path.resolve(name);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileSystemException(name, null, NOT_A_FILE);
            }
            return new HeldFile(file, -1);
        }
        int fd;
        try {
            fd = NATIVE.openFileIn(descriptor, name);
        } catch (FileSystemException link) {
            if (NOT_A_FOLDER.equals(link.getReason())) {
                throw new FileSystemException(name, null, NOT_A_FILE); // ELOOP: a link in the file's place
            }
            throw link;
        }
        HeldFile file = new HeldFile(null, fd);
        try {
            if (!Files.readAttributes(file.path(), BasicFileAttributes.class).isRegularFile()) {
                throw new FileSystemException(name, null, NOT_A_FILE);
            }
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
        return file;
    }

    /**
     * Makes a new file in this folder, owner-only, refusing a name that is taken (by a link or a pipe too).
     *
     * @param name the new file's name
     * @return the open file, to write through {@link HeldFile#path()} and set its mode and owner on
     * @throws java.nio.file.FileAlreadyExistsException when the name is taken
     */
    HeldFile createFile(String name) throws IOException {
        if (NATIVE == null) {
            return new HeldFile(Files.createFile(path.resolve(name),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), -1);
        }
        return new HeldFile(null, NATIVE.createFileIn(descriptor, name));
    }

    /**
     * A file opened in a held folder. Its mode, owner and time are set on the open file where the system allows
     * ({@code /proc/self/fd/<n>}, followed to the file itself), so a name swapped for a link meanwhile does not
     * redirect them; the JDK's own "do not follow links" variants are not relied on (JDK 25's mode setting follows
     * a link all the same, an outside audit found).
     */
    static final class HeldFile implements AutoCloseable {
        private final Path path;
        private final int descriptor;

        private HeldFile(Path path, int descriptor) {
            this.path = descriptor >= 0 ? reached(descriptor) : path;
            this.descriptor = descriptor;
        }

        /** @return where the operation reaches the open file; valid until {@link #close()} */
        Path path() {
            return path;
        }

        /** @return how to reach the file at {@link #path()}: following the descriptor's link, or by name without */
        LinkOption[] options() {
            return linkOptions(descriptor);
        }

        /** @return the file's identity (device and inode), to tell whether a name still is this file */
        Object fileKey() throws IOException {
            return Files.readAttributes(path, BasicFileAttributes.class, options()).fileKey();
        }

        void setPermissions(Set<PosixFilePermission> permissions) throws IOException {
            Files.getFileAttributeView(path, PosixFileAttributeView.class, options()).setPermissions(permissions);
        }

        void setOwner(UserPrincipal owner, GroupPrincipal group) throws IOException {
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class, options());
            view.setOwner(owner);
            view.setGroup(group);
        }

        @Override
        public void close() {
            if (descriptor >= 0) {
                NATIVE.close(descriptor);
            }
        }
    }

    /**
     * @return how to set this folder's own mode, owner or time at {@link #path()}: following the descriptor's link to
     *         the folder itself, or by name without following a link where folders are reached by name
     */
    LinkOption[] linkOptions() {
        return linkOptions(descriptor);
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
