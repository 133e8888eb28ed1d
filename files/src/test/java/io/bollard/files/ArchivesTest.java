package io.bollard.files;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArchivesTest {

    @TempDir
    Path tmp;

    private Path root;
    private FileManager files;
    private Archives archives;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        Limits limits = new Limits(1 << 20, 1 << 20, 50);
        files = new FileManager(new Sandbox(root), limits);
        archives = new Archives(files, limits);
    }

    @Test
    void folderRoundTripsThroughPackAndUnpack() throws Exception {
        Files.createDirectories(root.resolve("src/sub"));
        Files.writeString(root.resolve("src/a.txt"), "alpha");
        Files.writeString(root.resolve("src/sub/b.txt"), "beta ✓");
        Files.createSymbolicLink(root.resolve("src/link"), Path.of("sub/b.txt"));
        for (Archives.Format format : List.of(Archives.Format.TAR_GZ, Archives.Format.ZIP)) {
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            archives.pack("src", format, packed);
            String dest = "copy-" + format;
            archives.unpack(new ByteArrayInputStream(packed.toByteArray()), format, dest);
            assertEquals("alpha", Files.readString(root.resolve(dest + "/a.txt")));
            assertEquals("beta ✓", Files.readString(root.resolve(dest + "/sub/b.txt")));
            assertTrue(Files.isSymbolicLink(root.resolve(dest + "/link")), format.name());
            assertEquals("beta ✓", Files.readString(root.resolve(dest + "/link")));
            assertNoStaging(root.resolve(dest));
        }
    }

    @Test
    void modesAndTimesRoundTrip() throws Exception {
        Path src = Files.createDirectories(root.resolve("src/sub"));
        Files.writeString(root.resolve("src/run.sh"), "#!/bin/sh\n");
        Files.writeString(root.resolve("src/sub/secret"), "s");
        Files.setPosixFilePermissions(root.resolve("src/run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(root.resolve("src/sub/secret"), PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwx------"));
        FileTime then = FileTime.from(Instant.parse("2020-02-03T04:05:06Z"));
        for (String p : List.of("src/run.sh", "src/sub/secret", "src/sub")) {
            Files.setLastModifiedTime(root.resolve(p), then);
        }
        for (Archives.Format format : List.of(Archives.Format.TAR_GZ, Archives.Format.ZIP)) {
            ByteArrayOutputStream packed = new ByteArrayOutputStream();
            archives.pack("src", format, packed);
            String dest = "copy-" + format;
            archives.unpack(new ByteArrayInputStream(packed.toByteArray()), format, dest);
            assertEquals("rwxr-x---", perms(dest + "/run.sh"), format.name());
            assertEquals("rw-------", perms(dest + "/sub/secret"), format.name());
            assertEquals("rwx------", perms(dest + "/sub"), format.name());
            for (String p : List.of("/run.sh", "/sub/secret", "/sub")) {
                assertEquals(then.toMillis() / 2000, Files.getLastModifiedTime(root.resolve(dest + p)).toMillis() / 2000,
                        format + p);
            }
        }
    }

    @Test
    void folderModesApplyToNewFoldersOnlyAndAfterTheirEntries() throws Exception {
        Path existing = Files.createDirectories(root.resolve("ro-target/kept"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));
        byte[] tar = tar(t -> {
            folder(t, "ro/", 0555);
            file(t, "ro/f", "in a read-only folder");
            folder(t, "kept/", 0700);
            file(t, "kept/g", "in a folder that was there");
        });
        archives.unpack(new ByteArrayInputStream(tar), Archives.Format.TAR, "ro-target");
        assertEquals("in a read-only folder", Files.readString(root.resolve("ro-target/ro/f")));
        assertEquals("r-xr-xr-x", perms("ro-target/ro"));
        assertEquals("rwxr-xr-x", perms("ro-target/kept"), "a folder that was there keeps its mode");
        Files.setPosixFilePermissions(root.resolve("ro-target/ro"), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void aFileWhereTheArchiveHasAFolderIsABadArchive() throws Exception {
        byte[] tar = tar(t -> {
            file(t, "a/inner", "x");
            file(t, "a", "a file over the folder");
        });
        FileAccessException e = assertThrows(FileAccessException.class,
                () -> archives.unpack(new ByteArrayInputStream(tar), Archives.Format.TAR, "clash2"));
        assertEquals(FileAccessException.Reason.BAD_ARCHIVE, e.reason(), e.getMessage());
    }

    @Test
    void aRefusedUnpackRemovesOnlyTheFoldersItMade() throws Exception {
        Files.createDirectories(root.resolve("p2/keep"));
        byte[] evil = zip("ok.txt", "x", "../../evil.txt", "y");
        assertThrows(FileAccessException.class,
                () -> archives.unpack(new ByteArrayInputStream(evil), Archives.Format.ZIP, "p2/new/deeper"));
        assertFalse(Files.exists(root.resolve("p2/new")));
        assertTrue(Files.isDirectory(root.resolve("p2/keep")), "an empty folder it did not make stays");
    }

    @Test
    void hardLinksAreLinkedNotCopied() throws Exception {
        // 21 names for one 600 KiB file under a 1 MiB limit: a copy for each would write 12 MiB.
        byte[] tar = tar(t -> {
            file(t, "big.bin", "x".repeat(600 * 1024));
            for (int i = 0; i < 20; i++) {
                link(t, "copy" + i, "big.bin", TarArchiveEntry.LF_LINK);
            }
        });
        assertEquals(21, archives.unpack(new ByteArrayInputStream(tar), Archives.Format.TAR, "links"));
        assertEquals(21, Files.getAttribute(root.resolve("links/copy7"), "unix:nlink"));
        assertTrue(Files.isSameFile(root.resolve("links/big.bin"), root.resolve("links/copy19")));
    }

    @Test
    void hardLinksRoundTripAsLinks() throws Exception {
        Path src = Files.createDirectories(root.resolve("hl/sub"));
        Files.writeString(src.resolve("big"), "x".repeat(100_000));
        Files.createLink(src.resolve("other"), src.resolve("big"));
        Files.createLink(root.resolve("hl/third"), src.resolve("big"));
        ByteArrayOutputStream packed = new ByteArrayOutputStream();
        archives.pack("hl", Archives.Format.TAR, packed);
        assertTrue(packed.size() < 150_000, "the bytes go once: " + packed.size());
        archives.unpack(new ByteArrayInputStream(packed.toByteArray()), Archives.Format.TAR, "hl-copy");
        assertTrue(Files.isSameFile(root.resolve("hl-copy/sub/big"), root.resolve("hl-copy/sub/other")));
        assertTrue(Files.isSameFile(root.resolve("hl-copy/sub/big"), root.resolve("hl-copy/third")));
        assertEquals(100_000, Files.size(root.resolve("hl-copy/third")));
    }

    @Test
    void foldersTheArchiveDoesNotListAreMade() throws Exception {
        byte[] tar = tar(t -> file(t, "x/y/f.txt", "deep"));
        archives.unpack(new ByteArrayInputStream(tar), Archives.Format.TAR, "nd");
        assertEquals("deep", Files.readString(root.resolve("nd/x/y/f.txt")));
        byte[] zip = zip("p/q/g.txt", "deep too");
        archives.unpack(new ByteArrayInputStream(zip), Archives.Format.ZIP, "nd");
        assertEquals("deep too", Files.readString(root.resolve("nd/p/q/g.txt")));
    }

    @Test
    void somethingInTheWayChangesNothing() throws Exception {
        Path mv = Files.createDirectories(root.resolve("mv"));
        Files.createDirectory(mv.resolve("b"));
        for (int i = 1; i <= 6; i++) {
            Files.writeString(mv.resolve("a" + i + ".txt"), "OLD");
        }
        byte[] tar = tar(t -> {
            for (int i = 1; i <= 6; i++) {
                file(t, "a" + i + ".txt", "NEW");
            }
            file(t, "b", "a file where a folder is");
        });
        FileAccessException e = assertThrows(FileAccessException.class,
                () -> archives.unpack(new ByteArrayInputStream(tar), Archives.Format.TAR, "mv"));
        assertEquals(FileAccessException.Reason.CONFLICT, e.reason(), e.getMessage());
        for (int i = 1; i <= 6; i++) {
            assertEquals("OLD", Files.readString(mv.resolve("a" + i + ".txt")));
        }
        assertTrue(Files.isDirectory(mv.resolve("b")));
        assertNoStaging(mv);
    }

    @Test
    void aLinkToItsOwnFolderIsKeptAndErrorsNameNoRealPath() throws Exception {
        archives.unpack(new ByteArrayInputStream(tar(t -> link(t, "l", ".", TarArchiveEntry.LF_SYMLINK))),
                Archives.Format.TAR, "self");
        assertEquals(Path.of("."), Files.readSymbolicLink(root.resolve("self/l")));
        byte[] fileThenChild = tar(t -> {
            file(t, "a", "file");
            file(t, "a/b", "under a file");
        });
        FileAccessException e = assertThrows(FileAccessException.class,
                () -> archives.unpack(new ByteArrayInputStream(fileThenChild), Archives.Format.TAR, "clash"));
        assertFalse(e.getMessage().contains(tmp.toString()), e.getMessage());
        assertFalse(Files.exists(root.resolve("clash")));
    }

    private String perms(String path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(path),
                java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void zipSlipIsRefusedAndNothingIsWritten() throws Exception {
        byte[] zip = zip("ok.txt", "fine", "../../evil.txt", "pwned");
        FileAccessException e = assertThrows(FileAccessException.class,
                () -> archives.unpack(new ByteArrayInputStream(zip), Archives.Format.ZIP, "target"));
        assertEquals(FileAccessException.Reason.OUTSIDE_ROOT, e.reason());
        assertFalse(Files.exists(tmp.resolve("evil.txt")));
        assertFalse(Files.exists(root.resolve("target")), "all or nothing, the folder it made included");
    }

    @Test
    void absoluteNamesLinksOutAndDevicesAreRefused() throws Exception {
        for (byte[] tar : List.of(
                tar(entry -> file(entry, "/etc/cron.d/evil", "x")),
                tar(entry -> link(entry, "out", "/etc/passwd", TarArchiveEntry.LF_SYMLINK)),
                tar(entry -> link(entry, "up", "../../../etc", TarArchiveEntry.LF_SYMLINK)),
                tar(entry -> link(entry, "hard", "../../etc/shadow", TarArchiveEntry.LF_LINK)),
                tar(entry -> device(entry, "dev/sda")))) {
            assertThrows(FileAccessException.class,
                    () -> archives.unpack(new ByteArrayInputStream(tar), Archives.Format.TAR, "t"));
            assertFalse(Files.exists(root.resolve("t")), "nothing unpacked, the folder it made included");
        }
    }

    @Test
    void zipBombStopsAtTheLimit() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            zip.putArchiveEntry(new ZipArchiveEntry("zeros.bin"));
            byte[] zeros = new byte[1 << 16];
            for (int i = 0; i < 64; i++) {
                zip.write(zeros);
            }
            zip.closeArchiveEntry();
        }
        assertTrue(bytes.size() < 100_000, "compresses well: " + bytes.size());
        FileAccessException e = assertThrows(FileAccessException.class,
                () -> archives.unpack(new ByteArrayInputStream(bytes.toByteArray()), Archives.Format.ZIP, "bomb"));
        assertEquals(FileAccessException.Reason.TOO_LARGE, e.reason());
        assertFalse(Files.exists(root.resolve("bomb")), "nothing left, the folder it made included");
    }

    @Test
    void tooManyEntriesAreRefused() throws Exception {
        String[] pairs = new String[120];
        for (int i = 0; i < 60; i++) {
            pairs[2 * i] = "f" + i;
            pairs[2 * i + 1] = "x";
        }
        byte[] zip = zip(pairs);
        assertEquals(FileAccessException.Reason.TOO_LARGE, assertThrows(FileAccessException.class,
                () -> archives.unpack(new ByteArrayInputStream(zip), Archives.Format.ZIP, "many")).reason());
    }

    @Test
    void garbageIsABadArchive() {
        assertEquals(FileAccessException.Reason.BAD_ARCHIVE, assertThrows(FileAccessException.class,
                () -> archives.unpack(new ByteArrayInputStream("not gzip".getBytes()), Archives.Format.TAR_GZ, "g"))
                .reason());
    }

    private static void assertNoStaging(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".bollard-")), "staging removed");
        }
    }

    private static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putArchiveEntry(new ZipArchiveEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    interface TarWriter {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static byte[] tar(TarWriter writer) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            writer.write(tar);
        }
        return bytes.toByteArray();
    }

    private static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(b.length);
        tar.putArchiveEntry(e);
        tar.write(b);
        tar.closeArchiveEntry();
    }

    private static void folder(TarArchiveOutputStream tar, String name, int mode) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(040000 | mode);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void link(TarArchiveOutputStream tar, String name, String target, byte type) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, type);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    private static void device(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_BLK);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

}
