package io.bollard.files;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Packs a folder as tar.gz or zip (streamed) and unpacks tar, tar.gz and zip into a folder, with Apache Commons
 * Compress. Unpacking checks every entry against the sandbox (no absolute names, no climbing out, links only to
 * inside, no device files), counts entries and bytes against the limits, and works in a staging folder that is
 * moved into place only when the whole archive was good: a refused archive leaves nothing behind.
 */
public final class Archives {

    /** Archive formats. */
    public enum Format {
        /** A gzip-compressed tar. */
        TAR_GZ,
        /** An uncompressed tar. */
        TAR,
        /** A zip. */
        ZIP;

        /**
         * The format a file name suggests.
         *
         * @param name a file name
         * @return its format, or null when the name says none
         */
        public static Format ofName(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.endsWith(".tar.gz") || n.endsWith(".tgz")) {
                return TAR_GZ;
            }
            if (n.endsWith(".tar")) {
                return TAR;
            }
            if (n.endsWith(".zip")) {
                return ZIP;
            }
            return null;
        }
    }

    private final FileManager files;
    private final Limits limits;

    /** @return the sandbox's root, from which every folder an operation changes is opened */
    private Path root() {
        return files.sandbox().root();
    }

    /**
     * @param files  the file manager whose sandbox bounds everything
     * @param limits entry and size limits for unpacking
     */
    public Archives(FileManager files, Limits limits) {
        this.files = files;
        this.limits = limits;
    }

    /**
     * Writes a folder as an archive, streaming. Links are stored as links; special files are left out.
     *
     * @param userPath the folder
     * @param format   {@link Format#TAR_GZ} or {@link Format#ZIP}
     * @param out      where the archive goes (not closed)
     */
    public void pack(String userPath, Format format, OutputStream out) {
        Path dir = files.sandbox().existing(userPath);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath + " is not a folder");
        }
        try {
            OutputStream guarded = new java.io.FilterOutputStream(out) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            };
            if (format == Format.ZIP) {
                try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(guarded)) {
                    walk(dir, zip, format);
                    zip.finish();
                }
            } else {
                OutputStream body = format == Format.TAR_GZ ? new GzipCompressorOutputStream(guarded) : guarded;
                try (TarArchiveOutputStream tar = new TarArchiveOutputStream(body)) {
                    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    walk(dir, tar, format);
                    tar.finish();
                }
            }
        } catch (IOException e) {
            throw FileManager.io(userPath, e);
        }
    }

    private void walk(Path dir, ArchiveOutputStream<? extends ArchiveEntry> archive, Format format)
            throws IOException {
        @SuppressWarnings("unchecked")
        ArchiveOutputStream<ArchiveEntry> out = (ArchiveOutputStream<ArchiveEntry>) archive;
        packFolder(dir, dir, out, format, new HashMap<>());
    }

    /**
     * Packs one folder's entries, then its subfolders': each folder is held open while its entries are read
     * ({@link HeldFolder}), so a folder swapped for a link during the download fails it at that folder instead of
     * packing what the link points to.
     */
    private void packFolder(Path top, Path folder, ArchiveOutputStream<ArchiveEntry> out, Format format,
                            Map<Object, String> firstNames) throws IOException {
        List<Path> subfolders = new ArrayList<>();
        try (HeldFolder held = HeldFolder.open(root(), folder);
             DirectoryStream<Path> entries = Files.newDirectoryStream(held.path())) {
            for (Path reached : entries) {
                Path named = folder.resolve(reached.getFileName().toString());
                String name = top.relativize(named).toString();
                PosixFileAttributes attrs = Files.readAttributes(reached, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attrs.isDirectory()) {
                    ArchiveEntry e;
                    if (format == Format.ZIP) {
                        ZipArchiveEntry z = new ZipArchiveEntry(name + "/");
                        z.setTime(attrs.lastModifiedTime().toMillis());
                        e = z;
                    } else {
                        TarArchiveEntry t = new TarArchiveEntry(name + "/");
                        t.setModTime(attrs.lastModifiedTime().toMillis());
                        e = t;
                    }
                    mode(e, reached, attrs, LinkOption.NOFOLLOW_LINKS);
                    out.putArchiveEntry(e);
                    out.closeArchiveEntry();
                    subfolders.add(named);
                } else if (attrs.isSymbolicLink()) {
                    String target = Files.readSymbolicLink(reached).toString();
                    if (format == Format.ZIP) {
                        // Info-ZIP's way: a link is an entry with the link type in its mode and the target as data.
                        ZipArchiveEntry link = new ZipArchiveEntry(name);
                        link.setUnixMode(0120777);
                        link.setTime(attrs.lastModifiedTime().toMillis());
                        out.putArchiveEntry(link);
                        out.write(target.getBytes(StandardCharsets.UTF_8));
                        out.closeArchiveEntry();
                    } else {
                        tarLink(out, name, TarArchiveEntry.LF_SYMLINK, target, attrs, reached, LinkOption.NOFOLLOW_LINKS);
                    }
                } else if (attrs.isRegularFile()) {
                    try (HeldFolder.HeldFile file = held.openFile(reached.getFileName().toString())) {
                        packFile(out, format, name, file, firstNames);
                    }
                }
            }
        }
        for (Path subfolder : subfolders) {
            packFolder(top, subfolder, out, format, firstNames);
        }
    }

    /** Packs a regular file from the file opened (its size, mode and owner too), not from its name. */
    private static void packFile(ArchiveOutputStream<ArchiveEntry> out, Format format, String name,
                                 HeldFolder.HeldFile file, Map<Object, String> firstNames) throws IOException {
        Path reached = file.path();
        PosixFileAttributes attrs = Files.readAttributes(reached, PosixFileAttributes.class, file.options());
        if (format != Format.ZIP && attrs.fileKey() != null) {
            // A file with several names in the folder goes once; its other names are hard links to it, so the
            // archive is no larger than the folder (and unpacks as links again).
            String first = firstNames.putIfAbsent(attrs.fileKey(), name);
            if (first != null) {
                tarLink(out, name, TarArchiveEntry.LF_LINK, first, attrs, reached, file.options());
                return;
            }
        }
        ArchiveEntry e;
        if (format == Format.ZIP) {
            ZipArchiveEntry z = new ZipArchiveEntry(name);
            z.setSize(attrs.size());
            z.setTime(attrs.lastModifiedTime().toMillis());
            e = z;
        } else {
            TarArchiveEntry t = new TarArchiveEntry(name);
            t.setSize(attrs.size());
            t.setModTime(attrs.lastModifiedTime().toMillis());
            e = t;
        }
        mode(e, reached, attrs, file.options());
        out.putArchiveEntry(e);
        try (InputStream in = Files.newInputStream(reached)) {
            in.transferTo(out);
        }
        out.closeArchiveEntry();
    }

    private static void mode(ArchiveEntry e, Path p, PosixFileAttributes attrs, LinkOption... options)
            throws IOException {
        int bits = Integer.parseInt(FileManager.octal(attrs.permissions()).substring(1), 8);
        if (e instanceof TarArchiveEntry t) {
            t.setMode((t.isDirectory() ? 040000 : 0100000) | bits);
            owner(t, p, options);
        } else if (e instanceof ZipArchiveEntry z) {
            z.setUnixMode((z.isDirectory() ? 040000 : 0100000) | bits);
        }
    }

    /** Writes a symbolic or hard link entry to a tar. */
    private static void tarLink(ArchiveOutputStream<ArchiveEntry> out, String name, byte type, String linkName,
                                BasicFileAttributes attrs, Path file, LinkOption... options) throws IOException {
        TarArchiveEntry link = new TarArchiveEntry(name, type);
        link.setLinkName(linkName);
        link.setModTime(attrs.lastModifiedTime().toMillis());
        owner(link, file, options);
        out.putArchiveEntry(link);
        out.closeArchiveEntry();
    }

    /** Records a file's numeric owner in its tar entry (names left empty: ids are what unpacking restores). */
    private static void owner(TarArchiveEntry t, Path p, LinkOption... options) throws IOException {
        t.setUserId(((Number) Files.getAttribute(p, "unix:uid", options)).longValue());
        t.setGroupId(((Number) Files.getAttribute(p, "unix:gid", options)).longValue());
        t.setUserName("");
        t.setGroupName("");
    }

    /**
     * Unpacks an archive into a folder, all or nothing.
     *
     * <p>Entries are unpacked into a staging folder inside the target (same file system), with their permission
     * bits (set-user and set-group bits left out: an upload does not make set-id programs), modification times,
     * and, when the agent runs as root, tar's owners. Only when the whole archive was good, and nothing in the
     * target is in the way, is the staged tree moved into place, file by file; a failure while moving puts back
     * what was moved. Folders this call made are removed again when it fails.
     *
     * @param archive  the archive bytes
     * @param format   its format
     * @param userPath the folder to unpack into (made when missing)
     * @return how many entries were unpacked
     */
    public int unpack(InputStream archive, Format format, String userPath) {
        List<Path> made = missingFolders(userPath);
        files.mkdirs(userPath);
        boolean done = false;
        Path staging = null;
        try {
            Path target = files.sandbox().existing(userPath);
            try (HeldFolder folder = HeldFolder.open(root(), target)) {
                staging = target.resolve(Files.createTempDirectory(folder.path(), ".bollard-unpack-").getFileName()
                        .toString());
                HeldFolder.at(root(), staging.resolve("tree"), Files::createDirectory);
            } catch (IOException e) {
                throw FileManager.io(userPath, e);
            }
            Unpacking unpacking = new Unpacking(staging.resolve("tree"));
            try {
                if (format == Format.ZIP) {
                    unpackZip(archive, staging.resolve("archive.zip"), unpacking);
                } else {
                    try (ArchiveInputStream<? extends ArchiveEntry> in = openTar(archive, format)) {
                        ArchiveEntry entry;
                        while ((entry = in.getNextEntry()) != null) {
                            unpacking.entry(entry, in);
                        }
                    }
                }
            } catch (FileSystemException e) {
                if (HeldFolder.NOT_A_FOLDER.equals(e.getReason()) || HeldFolder.NOT_A_FILE.equals(e.getReason())) {
                    throw new FileAccessException(FileAccessException.Reason.CONFLICT, "cannot write the unpacked "
                            + "files: " + e.getReason() + "; nothing was unpacked");
                }
                throw new FileAccessException(FileAccessException.Reason.IO, "cannot write the unpacked files: "
                        + reason(e) + "; nothing was unpacked", e);
            } catch (IOException e) {
                throw new FileAccessException(FileAccessException.Reason.BAD_ARCHIVE, "cannot read the archive: "
                        + reason(e) + "; nothing was unpacked", e);
            }
            Path tree = staging.resolve("tree");
            checkNothingInTheWay(tree, target, "");
            Placement placement = new Placement(root(), staging.resolve("backups"));
            placement.moveInto(tree, target);
            // Folder modes and times last, on the folders this unpack made: a read-only folder's mode set while
            // staging would stop its own entries from moving out (the agent runs as a user, not root), and a
            // folder's time changes as entries land in it.
            unpacking.finishFolders(target, placement.merged);
            done = true;
            return unpacking.entries;
        } finally {
            if (staging != null) {
                deleteTree(root(), staging);
            }
            if (!done) {
                removeEmptyFolders(root(), made);
            }
        }
    }

    private void unpackZip(InputStream archive, Path spool, Unpacking unpacking) throws IOException {
        // Zip keeps modes and links in its central directory at the end, which a streaming reader never sees.
        // Written and read again through the file made, whatever its name is swapped for meanwhile.
        try (HeldFolder folder = HeldFolder.open(root(), spool.getParent());
             HeldFolder.HeldFile file = folder.createFile(spool.getFileName().toString())) {
            try (OutputStream out = Files.newOutputStream(file.path(), StandardOpenOption.WRITE)) {
                FileManager.copyLimited(archive, out, limits.maxUploadBytes(), "the archive");
            }
            unpackZipEntries(file.path(), unpacking);
        }
    }

    private static void unpackZipEntries(Path spool, Unpacking unpacking) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(spool, Set.of(StandardOpenOption.READ));
             ZipFile zip = ZipFile.builder().setSeekableByteChannel(channel).get()) {
            for (ZipArchiveEntry entry : java.util.Collections.list(zip.getEntriesInPhysicalOrder())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    unpacking.entry(entry, in);
                }
            }
        }
    }

    private static ArchiveInputStream<? extends ArchiveEntry> openTar(InputStream archive, Format format)
            throws IOException {
        InputStream in = new BufferedInputStream(archive);
        return format == Format.TAR_GZ ? new TarArchiveInputStream(new GzipCompressorInputStream(in))
                : new TarArchiveInputStream(in);
    }

    /**
     * The entries of one archive unpacked into a staging folder, counted against the limits; each is made with its
     * folder held open, so a folder of the stage swapped for a link meanwhile fails the unpack.
     */
    private final class Unpacking {
        /** The staging folder's real path (its names are this class's own: nothing in it is resolved). */
        private final Path stage;
        private final Map<String, Attributes> folderAttributes = new LinkedHashMap<>();
        private int entries;
        private long bytes;

        Unpacking(Path stage) {
            this.stage = stage;
        }

        private boolean inStage(Path p) {
            Path n = p.normalize();
            return n.equals(stage) || n.startsWith(stage);
        }

        void entry(ArchiveEntry entry, InputStream in) throws IOException {
            if (++entries > limits.maxArchiveEntries()) {
                throw new FileAccessException(FileAccessException.Reason.TOO_LARGE, "the archive has more than "
                        + limits.maxArchiveEntries() + " entries");
            }
            String name = entry.getName();
            if (name.startsWith("/")) {
                throw refused(name, "has an absolute name");
            }
            List<String> parts = Sandbox.components(name);
            if (parts.contains("..")) {
                throw refused(name, "climbs with '..'");
            }
            if (parts.isEmpty()) {
                return;
            }
            Path dest = folderFor(name, parts).resolve(parts.getLast());
            if (!inStage(dest)) {
                throw refused(name, "leads outside the folder");
            }
            if (entry instanceof TarArchiveEntry t) {
                if (t.isCharacterDevice() || t.isBlockDevice() || t.isFIFO()) {
                    throw refused(name, "is a device or pipe");
                }
                if (t.isSymbolicLink()) {
                    symlink(name, dest, t.getLinkName());
                    return;
                }
                if (t.isLink()) {
                    hardLink(name, dest, t.getLinkName());
                    return;
                }
            }
            if (entry instanceof ZipArchiveEntry z && z.isUnixSymlink()) {
                byte[] target = in.readNBytes(4097);
                if (target.length > 4096) {
                    throw refused(name, "is a link with a target longer than 4096 bytes");
                }
                symlink(name, dest, new String(target, StandardCharsets.UTF_8));
                return;
            }
            Attributes attributes = Attributes.of(entry);
            if (entry.isDirectory()) {
                HeldFolder.at(root(), dest, reached -> {
                    if (!Files.isDirectory(reached, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(reached);
                        Files.createDirectory(reached);
                    }
                    return null;
                });
                folderAttributes.put(String.join("/", parts), attributes);
                return;
            }
            replace(name, dest);
            // Written, and given its mode, owner and time, through the file made: a name swapped meanwhile for a
            // link to a host file gets none of them.
            try (HeldFolder folder = HeldFolder.open(root(), dest.getParent());
                 HeldFolder.HeldFile file = folder.createFile(dest.getFileName().toString())) {
                try (OutputStream out = Files.newOutputStream(file.path(), StandardOpenOption.WRITE)) {
                    copy(in, out);
                }
                attributes.apply(file.path(), file.options());
            }
        }

        /** Copies an entry's bytes, counted; a failed write is the disk's failure, not the archive's. */
        private void copy(InputStream in, OutputStream out) throws IOException {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                bytes += n;
                if (bytes > limits.maxUploadBytes()) {
                    throw new FileAccessException(FileAccessException.Reason.TOO_LARGE, "the unpacked archive is "
                            + "larger than the limit of " + limits.maxUploadBytes() + " bytes; nothing was unpacked");
                }
                try {
                    out.write(buf, 0, n);
                } catch (IOException e) {
                    throw new FileSystemException(null, null, reason(e));
                }
            }
        }

        /** The folder an entry goes in, made (with the folders above it) when the archive did not list it. */
        private Path folderFor(String name, List<String> parts) throws IOException {
            Path folder = stage;
            for (int i = 0; i < parts.size() - 1; i++) {
                folder = folder.resolve(parts.get(i));
                String above = String.join("/", parts.subList(0, i + 1));
                HeldFolder.at(root(), folder, reached -> {
                    if (!Files.isDirectory(reached, LinkOption.NOFOLLOW_LINKS)) {
                        if (Files.exists(reached, LinkOption.NOFOLLOW_LINKS)) {
                            throw refused(name, "needs a folder where the archive has a file or link (" + above + ")");
                        }
                        Files.createDirectory(reached);
                    }
                    return null;
                });
            }
            return folder;
        }

        private void symlink(String name, Path dest, String linkName) throws IOException {
            Path linkTarget = dest.getParent().resolve(linkName).normalize();
            if (linkName.isEmpty() || linkName.startsWith("/") || !inStage(linkTarget)) {
                throw refused(name, "is a link pointing outside (" + linkName + ")");
            }
            replace(name, dest);
            Path relative = dest.getParent().relativize(linkTarget);
            HeldFolder.at(root(), dest, reached -> Files.createSymbolicLink(reached,
                    relative.toString().isEmpty() ? Path.of(".") : relative));
        }

        private void hardLink(String name, Path dest, String linkName) throws IOException {
            List<String> parts = Sandbox.components(linkName);
            Path linkTarget = stage;
            for (String part : parts) {
                linkTarget = linkTarget.resolve(part);
            }
            if (linkTarget.equals(dest) && Files.isRegularFile(dest, LinkOption.NOFOLLOW_LINKS)) {
                return; // a link to itself: the file is there already
            }
            if (parts.contains("..") || !inStage(linkTarget)
                    || !Files.isRegularFile(linkTarget, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(name, "is a hard link to something not unpacked before it (" + linkName + ")");
            }
            replace(name, dest);
            Path source = linkTarget;
            HeldFolder.at(root(), dest, source, (reachedDest, reachedTarget) -> {
                try {
                    // A hard link, as tar makes it: no second copy of the bytes, so nothing to count.
                    Files.createLink(reachedDest, reachedTarget);
                } catch (IOException | UnsupportedOperationException e) {
                    copyOf(source, reachedDest);
                }
            });
        }

        /** Copies a regular file unpacked before, read through the file opened (never a pipe or device put there). */
        private void copyOf(Path source, Path reachedDest) throws IOException {
            try (HeldFolder folder = HeldFolder.open(root(), source.getParent());
                 HeldFolder.HeldFile file = folder.openFile(source.getFileName().toString())) {
                long size = Files.size(file.path());
                if (size > limits.maxUploadBytes() - bytes) {
                    throw new FileAccessException(FileAccessException.Reason.TOO_LARGE,
                            "the unpacked archive is larger than the limit of " + limits.maxUploadBytes() + " bytes");
                }
                Files.copy(file.path(), reachedDest);
                bytes += size;
            }
        }

        /** Makes room for an entry that is not a folder: an earlier entry of the same name goes, a folder does not. */
        private void replace(String name, Path dest) throws IOException {
            HeldFolder.at(root(), dest, reached -> {
                if (Files.isDirectory(reached, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAccessException(FileAccessException.Reason.BAD_ARCHIVE, "archive entry '" + name
                            + "' is a file or link where the archive has a folder; nothing was unpacked");
                }
                return Files.deleteIfExists(reached);
            });
        }

        void finishFolders(Path target, Set<Path> merged) {
            List<Map.Entry<String, Attributes>> folders = new ArrayList<>(folderAttributes.entrySet());
            folders.sort(Comparator.comparing((Map.Entry<String, Attributes> e) -> e.getKey().length()).reversed());
            for (Map.Entry<String, Attributes> folder : folders) {
                Path placed = target.resolve(folder.getKey());
                if (!merged.contains(placed)) {
                    // Through the folder held open, as for files: never through a link put in its place.
                    try (HeldFolder held = HeldFolder.open(root(), placed)) {
                        folder.getValue().apply(held.path(), held.linkOptions());
                    } catch (IOException e) {
                        // Attributes are kept where the file system lets the agent (as in apply).
                    }
                }
            }
        }
    }

    /** An entry's permission bits, time and owner, as far as its format keeps them and the agent may set them. */
    private record Attributes(int mode, long mtimeMillis, long uid, long gid) {

        private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

        static Attributes of(ArchiveEntry entry) {
            if (entry instanceof TarArchiveEntry t) {
                return new Attributes(t.getMode(), t.getModTime().getTime(), t.getLongUserId(), t.getLongGroupId());
            }
            ZipArchiveEntry z = (ZipArchiveEntry) entry;
            return new Attributes(z.getUnixMode(), z.getTime(), -1, -1);
        }

        /**
         * @param p       where the file or folder is reached: a held file's or folder's path
         * @param options how to reach it there (see {@link HeldFolder.HeldFile#options()})
         */
        void apply(Path p, LinkOption... options) {
            try {
                if (ROOT && uid >= 0 && gid >= 0) {
                    Files.setAttribute(p, "unix:uid", (int) uid, options);
                    Files.setAttribute(p, "unix:gid", (int) gid, options);
                }
                if ((mode & 0777) != 0) {
                    Files.setAttribute(p, "unix:mode", mode & 01777, options);
                }
                if (mtimeMillis > 0) {
                    Files.getFileAttributeView(p, BasicFileAttributeView.class, options)
                            .setTimes(FileTime.fromMillis(mtimeMillis), null, null);
                }
            } catch (IOException | RuntimeException e) {
                // Attributes are kept where the file system lets the agent; the bytes are what must not fail.
            }
        }
    }

    /** Refuses before anything moves when a staged entry and something in the target are of different kinds. */
    private static void checkNothingInTheWay(Path from, Path target, String prefix) {
        try (Stream<Path> children = Files.list(from)) {
            for (Path child : children.toList()) {
                String name = child.getFileName().toString();
                Path dest = target.resolve(name);
                boolean childFolder = Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS);
                boolean destFolder = Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS);
                if (childFolder && destFolder) {
                    checkNothingInTheWay(child, dest, prefix + name + "/");
                } else if (destFolder) {
                    throw new FileAccessException(FileAccessException.Reason.CONFLICT, "a folder is in the way of "
                            + prefix + name + "; nothing was unpacked");
                } else if (childFolder && Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FileAccessException(FileAccessException.Reason.CONFLICT, "a file is in the way of the "
                            + "folder " + prefix + name + "; nothing was unpacked");
                }
            }
        } catch (IOException e) {
            throw new FileAccessException(FileAccessException.Reason.IO, "cannot compare the archive with the folder: "
                    + reason(e), e);
        }
    }

    /** Moves a checked staged tree into place, keeping what it replaces until the end so that it can undo. */
    private static final class Placement {
        private final Path root;
        private final Path backups;
        private final Deque<IoAction> undo = new ArrayDeque<>();
        /** Folders that were there before and took entries in: they keep their own mode and time. */
        private final Set<Path> merged = new HashSet<>();
        private int count;

        Placement(Path root, Path backups) {
            this.root = root;
            this.backups = backups;
        }

        void moveInto(Path tree, Path target) {
            try {
                HeldFolder.at(root, backups, Files::createDirectory);
                place(tree, target);
            } catch (IOException e) {
                int notRestored = 0;
                while (!undo.isEmpty()) {
                    try {
                        undo.pop().run();
                    } catch (IOException ignored) {
                        notRestored++;
                    }
                }
                throw new FileAccessException(FileAccessException.Reason.IO, "cannot move the unpacked files into "
                        + "place: " + reason(e) + (notRestored == 0 ? "; the folder is as it was"
                        : "; " + notRestored + " of the files moved could not be put back"), e);
            }
        }

        private void place(Path from, Path target) throws IOException {
            try (Stream<Path> children = Files.list(from)) {
                for (Path child : children.toList()) {
                    Path dest = target.resolve(child.getFileName().toString());
                    if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                            && Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                        merged.add(dest);
                        place(child, dest);
                    } else if (Files.exists(dest, LinkOption.NOFOLLOW_LINKS)) {
                        Path backup = backups.resolve(String.valueOf(count++));
                        HeldFolder.at(root, backup, dest, (reachedBackup, reachedDest) -> {
                            try {
                                // A second name for the old file, so the new one still replaces it in one rename.
                                Files.createLink(reachedBackup, reachedDest);
                            } catch (IOException | UnsupportedOperationException e) {
                                Files.move(reachedDest, reachedBackup, StandardCopyOption.ATOMIC_MOVE);
                            }
                        });
                        undo.push(() -> HeldFolder.at(root, backup, dest, (reachedBackup, reachedDest) -> Files.move(
                                reachedBackup, reachedDest, StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE)));
                        HeldFolder.at(root, child, dest, (reachedChild, reachedDest) -> Files.move(reachedChild,
                                reachedDest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE));
                    } else {
                        HeldFolder.moveNoReplace(root, child, dest);
                        undo.push(() -> deleteTree(root, dest));
                    }
                }
            }
        }
    }

    /** A step of undoing. */
    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }

    /** The folders of a path that do not exist yet, outermost first (empty when all do, or it cannot be told). */
    private List<Path> missingFolders(String userPath) {
        List<Path> missing = new ArrayList<>();
        try {
            List<String> parts = Sandbox.components(userPath);
            if (parts.contains("..")) {
                return missing;
            }
            StringBuilder prefix = new StringBuilder();
            for (String part : parts) {
                prefix.append('/').append(part);
                if (!missing.isEmpty()) {
                    missing.add(missing.getLast().resolve(part)); // below a missing folder: nothing to resolve yet
                    continue;
                }
                Path p = files.sandbox().resolve(prefix.toString());
                if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                    missing.add(p);
                }
            }
        } catch (FileAccessException e) {
            // a path that does not resolve makes nothing to remove
        }
        return missing;
    }

    /**
     * Removes the folders this call made, innermost first, while they are empty: a folder another request made
     * or wrote into meanwhile stays (and so do the ones around it).
     */
    private static void removeEmptyFolders(Path root, List<Path> made) {
        for (Path folder : made.reversed()) {
            try {
                HeldFolder.at(root, folder, Files::deleteIfExists);
            } catch (IOException notEmpty) {
                return;
            }
        }
    }

    /** Why an I/O operation failed, without the real path (which the caller may not know). */
    private static String reason(IOException e) {
        if (e instanceof FileSystemException fse) {
            return fse.getReason() != null ? fse.getReason() : e.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Deletes a folder this class made, through open folders where the platform has them. */
    private static void deleteTree(Path root, Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            if (HeldFolderDelete.delete(root, dir, true)) {
                return;
            }
        } catch (IOException ignored) {
            return; // a folder on the way replaced by a link: leave it (it is named .bollard-unpack-*)
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: the staging folder is named .bollard-unpack-* and holds nothing of value.
                }
            });
        } catch (IOException ignored) {
            // As above.
        }
    }

    private static FileAccessException refused(String name, String why) {
        return new FileAccessException(FileAccessException.Reason.OUTSIDE_ROOT, "archive entry '" + name + "' " + why
                + "; nothing was unpacked");
    }
}
