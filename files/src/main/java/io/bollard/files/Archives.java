package io.bollard.files;

import org.apache.commons.compress.archivers.ArchiveEntry;
import org.apache.commons.compress.archivers.ArchiveInputStream;
import org.apache.commons.compress.archivers.ArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Comparator;
import java.util.Locale;
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
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(dir)) {
                    String name = dir.relativize(d).toString() + "/";
                    ArchiveEntry e = format == Format.ZIP ? new ZipArchiveEntry(name) : new TarArchiveEntry(name);
                    mode(e, d);
                    out.putArchiveEntry(e);
                    out.closeArchiveEntry();
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                String name = dir.relativize(f).toString();
                if (attrs.isSymbolicLink()) {
                    if (format != Format.ZIP) {
                        TarArchiveEntry link = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                        link.setLinkName(Files.readSymbolicLink(f).toString());
                        out.putArchiveEntry(link);
                        out.closeArchiveEntry();
                    }
                    return FileVisitResult.CONTINUE;
                }
                if (!attrs.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
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
                mode(e, f);
                out.putArchiveEntry(e);
                try (InputStream in = Files.newInputStream(f, LinkOption.NOFOLLOW_LINKS)) {
                    in.transferTo(out);
                }
                out.closeArchiveEntry();
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void mode(ArchiveEntry e, Path p) throws IOException {
        int bits = Integer.parseInt(FileManager.octal(Files.readAttributes(p, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS).permissions()).substring(1), 8);
        if (e instanceof TarArchiveEntry t) {
            t.setMode((t.isDirectory() ? 040000 : 0100000) | bits);
        } else if (e instanceof ZipArchiveEntry z) {
            z.setUnixMode((z.isDirectory() ? 040000 : 0100000) | bits);
        }
    }

    /**
     * Unpacks an archive into a folder, all or nothing.
     *
     * @param archive  the archive bytes
     * @param format   its format
     * @param userPath the folder to unpack into (made when missing)
     * @return how many entries were unpacked
     */
    public int unpack(InputStream archive, Format format, String userPath) {
        files.mkdirs(userPath);
        Path target = files.sandbox().existing(userPath);
        Path staging;
        try {
            staging = Files.createTempDirectory(target, ".bollard-unpack-");
        } catch (IOException e) {
            throw FileManager.io(userPath, e);
        }
        try {
            Sandbox stage = new Sandbox(staging);
            int entries = 0;
            long bytes = 0;
            try (ArchiveInputStream<? extends ArchiveEntry> in = open(archive, format)) {
                ArchiveEntry entry;
                while ((entry = in.getNextEntry()) != null) {
                    if (++entries > limits.maxArchiveEntries()) {
                        throw new FileAccessException(FileAccessException.Reason.TOO_LARGE, "the archive has more than "
                                + limits.maxArchiveEntries() + " entries");
                    }
                    bytes += unpackEntry(in, entry, stage, limits.maxUploadBytes() - bytes);
                }
            } catch (IOException e) {
                throw new FileAccessException(FileAccessException.Reason.BAD_ARCHIVE, "cannot read the archive: "
                        + e.getMessage(), e);
            }
            moveInto(staging, target);
            return entries;
        } finally {
            deleteTree(staging);
        }
    }

    private ArchiveInputStream<? extends ArchiveEntry> open(InputStream archive, Format format) throws IOException {
        InputStream in = new BufferedInputStream(archive);
        return switch (format) {
            case ZIP -> new ZipArchiveInputStream(in, "UTF-8", true, true);
            case TAR -> new TarArchiveInputStream(in);
            case TAR_GZ -> new TarArchiveInputStream(new GzipCompressorInputStream(in));
        };
    }

    private long unpackEntry(InputStream in, ArchiveEntry entry, Sandbox stage, long budget) throws IOException {
        String name = entry.getName();
        if (name.startsWith("/")) {
            throw refused(name, "has an absolute name");
        }
        Path dest = stage.resolve(name);
        if (dest.equals(stage.root())) {
            return 0;
        }
        if (entry instanceof TarArchiveEntry t) {
            if (t.isCharacterDevice() || t.isBlockDevice() || t.isFIFO()) {
                throw refused(name, "is a device or pipe");
            }
            if (t.isSymbolicLink()) {
                Path linkTarget = dest.getParent().resolve(t.getLinkName()).normalize();
                if (t.getLinkName().startsWith("/") || !stage.inside(linkTarget)) {
                    throw refused(name, "is a link pointing outside (" + t.getLinkName() + ")");
                }
                Files.createDirectories(dest.getParent());
                Files.createSymbolicLink(dest, dest.getParent().relativize(linkTarget));
                return 0;
            }
            if (t.isLink()) {
                Path linkTarget = stage.resolve(t.getLinkName());
                if (!Files.isRegularFile(linkTarget, LinkOption.NOFOLLOW_LINKS)) {
                    throw refused(name, "is a hard link to something not unpacked before it (" + t.getLinkName() + ")");
                }
                Files.createDirectories(dest.getParent());
                Files.copy(linkTarget, dest, StandardCopyOption.REPLACE_EXISTING);
                return Files.size(dest);
            }
        }
        if (entry instanceof ZipArchiveEntry z && z.isUnixSymlink()) {
            throw refused(name, "is a link (links in zip files are not unpacked)");
        }
        if (entry.isDirectory()) {
            Files.createDirectories(dest);
            return 0;
        }
        Files.createDirectories(dest.getParent());
        try (OutputStream out = Files.newOutputStream(dest)) {
            return FileManager.copyLimited(in, out, Math.max(budget, 0), "the unpacked archive");
        }
    }

    /** Moves the staged tree into the target: files replace files, folders merge. */
    private static void moveInto(Path staging, Path target) {
        try (Stream<Path> children = Files.list(staging)) {
            for (Path child : children.toList()) {
                Path dest = target.resolve(child.getFileName().toString());
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                        && Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                    moveInto(child, dest);
                } else {
                    if (Files.isDirectory(dest, LinkOption.NOFOLLOW_LINKS)) {
                        throw new FileAccessException(FileAccessException.Reason.CONFLICT, "a folder is in the way of "
                                + child.getFileName());
                    }
                    Files.move(child, dest, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
        } catch (IOException e) {
            throw new FileAccessException(FileAccessException.Reason.IO, "cannot move the unpacked files into place: "
                    + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
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
