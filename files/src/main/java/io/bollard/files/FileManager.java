package io.bollard.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * File operations inside a {@link Sandbox}: list, stat, read, atomic write, mkdir, rename, delete.
 */
public final class FileManager {

    /** Locks for writes, by the written file's path (striped: a lock per file would have to be forgotten). */
    private static final ReentrantLock[] WRITING = new ReentrantLock[64];
    /** Takes away the folders of refused writes, by root, never from under a write beside them. */
    private static final RefusedWriteCleanup CLEANUP = new RefusedWriteCleanup();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    static {
        for (int i = 0; i < WRITING.length; i++) {
            WRITING[i] = new ReentrantLock();
        }
    }

    private final Sandbox sandbox;
    private final Limits limits;

    /**
     * @param sandbox the root and its rules
     * @param limits  size limits
     */
    public FileManager(Sandbox sandbox, Limits limits) {
        this.sandbox = sandbox;
        this.limits = limits;
    }

    /** @return the sandbox */
    public Sandbox sandbox() {
        return sandbox;
    }

    /**
     * Lists a folder, folders first, then by name.
     *
     * @param userPath the folder
     * @return its entries
     */
    public List<FileEntry> list(String userPath) {
        Path dir = sandbox.existing(userPath);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath + " is not a folder");
        }
        List<FileEntry> out = new ArrayList<>();
        try (HeldFolder folder = HeldFolder.open(sandbox.root(), dir); Stream<Path> children = Files.list(folder.path())) {
            for (Path child : children.toList()) {
                out.add(entry(child, dir.resolve(child.getFileName().toString())));
            }
        } catch (IOException e) {
            throw io(userPath, e);
        }
        out.sort(Comparator.comparing((FileEntry e) -> !e.isDir()).thenComparing(FileEntry::name));
        return out;
    }

    /**
     * Describes one file or folder.
     *
     * @param userPath the path
     * @return its entry
     */
    public FileEntry stat(String userPath) {
        return entry(sandbox.existing(userPath));
    }

    /**
     * Opens a regular file for reading, without following a link swapped in since the check.
     *
     * @param userPath the file
     * @return a channel; the caller closes it
     */
    public SeekableByteChannel open(String userPath) {
        Path file = regularFile(userPath);
        try (HeldFolder folder = HeldFolder.open(sandbox.root(), file.getParent());
             HeldFolder.HeldFile opened = folder.openFile(file.getFileName().toString())) {
            // Opened again through the open file itself: the same file, whatever its name is now.
            return Files.newByteChannel(opened.path(), Set.of(StandardOpenOption.READ));
        } catch (IOException e) {
            throw io(userPath, e);
        }
    }

    /**
     * Reads a whole file, up to the read limit.
     *
     * @param userPath the file
     * @return its bytes
     */
    public byte[] read(String userPath) {
        try (SeekableByteChannel ch = open(userPath); InputStream in = Channels.newInputStream(ch)) {
            long size = ch.size(); // of the file opened, not of whatever bears its name now
            if (size > limits.maxReadBytes()) {
                throw new FileAccessException(FileAccessException.Reason.TOO_LARGE, userPath + " is " + size
                        + " bytes; reads are limited to " + limits.maxReadBytes() + " (download it instead)");
            }
            return in.readNBytes((int) limits.maxReadBytes() + 1);
        } catch (IOException e) {
            throw io(userPath, e);
        }
    }

    /**
     * Writes a file atomically: the bytes go to a temporary file in the same folder, are flushed to disk, and the
     * file takes the old one's place in one rename, keeping its mode and owner. A failure leaves the old file as
     * it was.
     *
     * @param userPath      the file
     * @param content       the new content
     * @param mode          permission bits for the file ({@code 0640}), or null to keep the old ones (or 0644)
     * @param createDirs    create missing folders on the way
     * @param expectedMtime when given, the write is refused if the file's mtime differs (it changed meanwhile)
     * @return the written file's entry
     */
    public FileEntry write(String userPath, InputStream content, String mode, boolean createDirs, Long expectedMtime) {
        Set<PosixFilePermission> requested = mode != null ? permissions(mode) : null; // refused before any folder
        return CLEANUP.write(sandbox.root(), made -> {
            if (createDirs) {
                makeFolders(parentOf(userPath), made);
            }
            return writeFile(userPath, content, requested, expectedMtime);
        }); // a refused write leaves no trace, not even the folders it made
    }

    private FileEntry writeFile(String userPath, InputStream content, Set<PosixFilePermission> requested,
                                Long expectedMtime) {
        Path target = sandbox.resolve(userPath);
        if (target.equals(sandbox.root())) {
            throw new FileAccessException(FileAccessException.Reason.FORBIDDEN, "cannot write over the root folder");
        }
        Path dir = target.getParent();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAccessException(FileAccessException.Reason.NOT_FOUND, "no such folder for " + userPath);
        }
        String name = target.getFileName().toString();
        // The folder is held open: a folder on the way swapped for a link after the check fails the write instead of
        // taking it outside. The temporary file is written, and gets its mode and owner, through the file this write
        // made, whatever its name is swapped for meanwhile (a link to a host file, a pipe).
        try (HeldFolder folder = HeldFolder.open(sandbox.root(), dir)) {
            Path file = folder.resolve(name);
            checkReplaceable(userPath, file, expectedMtime); // early, before the bytes are read; again at the rename
            String temporary = ".bollard-" + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".tmp";
            boolean moved = false;
            try (HeldFolder.HeldFile tmp = folder.createFile(temporary)) {
                try (FileChannel out = FileChannel.open(tmp.path(), StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING);
                     OutputStream stream = Channels.newOutputStream(out)) {
                    copyLimited(content, stream, limits.maxUploadBytes(), userPath);
                    out.force(true);
                }
                // The check of expected_mtime and the rename hold the file's lock (not the copy before them): two
                // writers that read the same mtime cannot both succeed, the second over the first.
                ReentrantLock lock = WRITING[Math.floorMod(target.hashCode(), WRITING.length)];
                lock.lock();
                try {
                    PosixFileAttributes old = checkReplaceable(userPath, file, expectedMtime);
                    Set<PosixFilePermission> perms = requested != null ? requested
                            : old != null ? old.permissions() : PosixFilePermissions.fromString("rw-r--r--");
                    tmp.setPermissions(perms);
                    if (old != null) {
                        try {
                            tmp.setOwner(old.owner(), old.group());
                        } catch (IOException notPermitted) {
                            // Only root may give files away; an unprivileged agent keeps its own ownership.
                        }
                    }
                    Object written = tmp.fileKey();
                    try {
                        Files.move(folder.resolve(temporary), file, StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(folder.resolve(temporary), file, StandardCopyOption.REPLACE_EXISTING);
                    }
                    moved = true;
                    if (!written.equals(Files.readAttributes(file, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS).fileKey())) {
                        // The temporary name was given to something else meanwhile, which the rename moved here.
                        throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath
                                + " was replaced while it was written; write it again");
                    }
                } finally {
                    lock.unlock();
                }
                return entry(file, target);
            } finally {
                if (!moved) {
                    try {
                        Files.deleteIfExists(folder.resolve(temporary));
                    } catch (IOException ignored) {
                        // A stray temp file is named .bollard-*.tmp and harmless.
                    }
                }
            }
        } catch (IOException e) {
            throw io(userPath, e);
        }
    }

    /** The attributes of the file a write replaces (null when new), refusing a non-file or a changed mtime. */
    private static PosixFileAttributes checkReplaceable(String userPath, Path target, Long expectedMtime) {
        PosixFileAttributes old = null;
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath + " is not a file");
                }
                old = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            }
        } catch (IOException e) {
            throw io(userPath, e);
        }
        if (expectedMtime != null) {
            long actual = old == null ? -1 : old.lastModifiedTime().toMillis();
            if (actual != expectedMtime) {
                throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath
                        + " changed since it was read (mtime " + actual + ", expected " + expectedMtime + ")");
            }
        }
        return old;
    }

    /**
     * Makes a folder and any missing parents.
     *
     * @param userPath the folder
     * @return its entry
     */
    public FileEntry mkdirs(String userPath) {
        return CLEANUP.write(sandbox.root(), made -> {
            makeFolders(userPath, made);
            return entry(sandbox.resolve(userPath));
        });
    }

    /** Makes a folder and any missing parents, adding the ones this call made to {@code made}, outermost first. */
    private void makeFolders(String userPath, List<Path> made) {
        List<String> parts = Sandbox.components(userPath);
        StringBuilder walked = new StringBuilder();
        for (String part : parts) {
            walked.append('/').append(part);
            Path p = sandbox.resolve(walked.toString());
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    HeldFolder.at(sandbox.root(), p, Files::createDirectory);
                    made.add(p);
                } catch (FileAlreadyExistsException raced) {
                    // Made meanwhile: fine if it is a folder, checked below.
                } catch (IOException e) {
                    throw io(walked.toString(), e);
                }
            }
            if (!Files.isDirectory(sandbox.resolve(walked.toString()))) {
                throw new FileAccessException(FileAccessException.Reason.CONFLICT, walked + " is not a folder");
            }
        }
    }

    /**
     * Keeps a second name for a regular file before a write replaces it, so that the old file can be put back: a
     * hard link in the same folder (or, where the file system has none, a copy read from the file opened), made
     * through the folder held open.
     *
     * @param userPath the file
     * @return the second name's path, or null when there is no regular file there (or no folder yet)
     */
    public String keepSecondName(String userPath) {
        Path real;
        try {
            real = sandbox.resolve(userPath);
        } catch (FileAccessException e) {
            return null; // its folder is missing: a write makes it, or refuses
        }
        if (real.equals(sandbox.root()) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        String name = real.getFileName().toString();
        String second = ".bollard-backup-" + Long.toUnsignedString(RANDOM.nextLong(), 36);
        try (HeldFolder folder = HeldFolder.open(sandbox.root(), real.getParent())) {
            try {
                Files.createLink(folder.resolve(second), folder.resolve(name)); // link(2) follows no link put there
            } catch (IOException | UnsupportedOperationException noHardLinks) {
                try (HeldFolder.HeldFile old = folder.openFile(name)) {
                    Files.copy(old.path(), folder.resolve(second), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new FileAccessException(FileAccessException.Reason.IO, userPath + ": cannot keep the old file "
                    + "while writing the new one", e);
        }
        return sandbox.userPath(real.resolveSibling(second));
    }

    /**
     * Puts a file's second name ({@link #keepSecondName}) back in its place, replacing what a write put there.
     *
     * @param secondName the second name's path
     * @param userPath   the file
     */
    public void putBack(String secondName, String userPath) {
        try {
            HeldFolder.at(sandbox.root(), named(secondName), named(userPath), (second, file) ->
                    Files.move(second, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
        } catch (IOException e) {
            throw io(userPath, e);
        }
    }

    /**
     * Moves or renames within the sandbox; an existing target is not replaced.
     *
     * @param from the source
     * @param to   the target
     * @return the target's entry
     */
    public FileEntry rename(String from, String to) {
        Path source = named(from);
        if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAccessException(FileAccessException.Reason.NOT_FOUND, "no such file: " + from);
        }
        Path target = named(to);
        if (source.equals(sandbox.root()) || target.equals(sandbox.root())) {
            throw new FileAccessException(FileAccessException.Reason.FORBIDDEN, "cannot move the root folder");
        }
        if (target.startsWith(source)) {
            throw new FileAccessException(FileAccessException.Reason.CONFLICT, "cannot move a folder into itself");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            // rename(2) would replace it silently.
            throw new FileAccessException(FileAccessException.Reason.CONFLICT, to + " exists already");
        }
        try {
            HeldFolder.moveNoReplace(sandbox.root(), source, target);
        } catch (FileAlreadyExistsException e) {
            throw new FileAccessException(FileAccessException.Reason.CONFLICT, to + " exists already");
        } catch (IOException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAccessException(FileAccessException.Reason.CONFLICT, to + " exists already");
            }
            throw io(from, e);
        }
        return entry(target);
    }

    /**
     * Deletes a file, a link (not what it points to), or a folder; a folder with content only with
     * {@code recursive}. Never the root.
     *
     * @param userPath  the path
     * @param recursive delete a folder's content too
     */
    public void delete(String userPath, boolean recursive) {
        Path named = named(userPath);
        if (named.equals(sandbox.root())) {
            throw new FileAccessException(FileAccessException.Reason.FORBIDDEN, "cannot delete the root folder");
        }
        if (!Files.exists(named, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAccessException(FileAccessException.Reason.NOT_FOUND, "no such file: " + userPath);
        }
        try {
            if (HeldFolderDelete.delete(sandbox.root(), named, recursive)) {
                return;
            }
            if (Files.isDirectory(named, LinkOption.NOFOLLOW_LINKS) && recursive) {
                Files.walkFileTree(named, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                        if (exc != null) {
                            throw exc;
                        }
                        Files.delete(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } else {
                Files.delete(named);
            }
        } catch (DirectoryNotEmptyException e) {
            throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath
                    + " is a folder with content; delete it with recursive=true");
        } catch (IOException e) {
            throw io(userPath, e);
        }
    }

    /**
     * The entry a path names, itself: its folder is resolved in the sandbox, its last component is not followed,
     * so a link (even one pointing outside) is the link, to move or remove.
     */
    private Path named(String userPath) {
        List<String> parts = Sandbox.components(userPath);
        if (parts.isEmpty() || parts.get(parts.size() - 1).equals("..")) {
            return sandbox.resolve(userPath);
        }
        Path dir = sandbox.resolve(parentOf(userPath));
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAccessException(FileAccessException.Reason.NOT_FOUND, "no such folder for " + userPath);
        }
        return dir.resolve(parts.get(parts.size() - 1));
    }

    private Path regularFile(String userPath) {
        Path file = sandbox.existing(userPath);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath + " is not a regular file");
        }
        return file;
    }

    FileEntry entry(Path p) {
        return entry(p, p);
    }

    /** The entry of a file reached one way (a held folder's path) and named another (its real path). */
    private FileEntry entry(Path reached, Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(reached, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            String linkTarget = null;
            if (a.isSymbolicLink()) {
                try {
                    Path real = p.toRealPath();
                    linkTarget = sandbox.inside(real) ? sandbox.userPath(real) : null;
                } catch (IOException dangling) {
                    linkTarget = null;
                }
            }
            String name = p.equals(sandbox.root()) ? "/" : p.getFileName().toString();
            return new FileEntry(name, sandbox.userPath(p), a.isDirectory() ? 0 : a.size(), a.isDirectory(),
                    a.isSymbolicLink(), linkTarget, octal(a.permissions()), a.owner().getName(),
                    a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            throw new FileAccessException(FileAccessException.Reason.NOT_FOUND, "no such file: " + sandbox.userPath(p));
        } catch (IOException e) {
            throw io(sandbox.userPath(p), e);
        }
    }

    static long copyLimited(InputStream in, OutputStream out, long max, String what) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > max) {
                throw new FileAccessException(FileAccessException.Reason.TOO_LARGE, what + " is larger than the limit of "
                        + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return total;
    }

    static String octal(Set<PosixFilePermission> perms) {
        int bits = 0;
        for (PosixFilePermission p : perms) {
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", bits);
    }

    /**
     * Reads permission bits written in octal.
     *
     * @param mode such as {@code 0644} or {@code 755}
     * @return the bits
     * @throws FileAccessException when it is not three octal digits (with an optional leading 0)
     */
    public static int modeBits(String mode) {
        if (mode == null || !mode.matches("0?[0-7]{3}")) {
            throw new FileAccessException(FileAccessException.Reason.BAD_REQUEST, "mode must be octal such as 0644, not '"
                    + mode + "'");
        }
        return Integer.parseInt(mode.length() == 4 ? mode.substring(1) : mode, 8);
    }

    static Set<PosixFilePermission> permissions(String mode) {
        int bits = modeBits(mode);
        Set<PosixFilePermission> out = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((bits & (1 << (8 - p.ordinal()))) != 0) {
                out.add(p);
            }
        }
        return out;
    }

    static String parentOf(String userPath) {
        List<String> parts = Sandbox.components(userPath);
        return parts.size() <= 1 ? "/" : "/" + String.join("/", parts.subList(0, parts.size() - 1));
    }

    static FileAccessException io(String userPath, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new FileAccessException(FileAccessException.Reason.NOT_FOUND, "no such file: " + userPath);
        }
        if (e instanceof FileSystemException fse && (HeldFolder.NOT_A_FOLDER.equals(fse.getReason())
                || HeldFolder.NOT_A_FILE.equals(fse.getReason()))) {
            return new FileAccessException(FileAccessException.Reason.CONFLICT, userPath + ": " + fse.getReason());
        }
        if (e instanceof AccessDeniedException) {
            return new FileAccessException(FileAccessException.Reason.IO, "permission denied: " + userPath, e);
        }
        String reason = e instanceof FileSystemException fse && fse.getReason() != null ? fse.getReason()
                : e.getClass().getSimpleName();
        // The real path may lie outside what the caller may know: name the user's path only.
        return new FileAccessException(FileAccessException.Reason.IO, "cannot complete on " + userPath + ": " + reason, e);
    }
}
