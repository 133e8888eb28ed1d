package io.bollard.files;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Held folders as a JDK 22+ agent runs them: from the multi-release jar (failsafe runs this class against it), on
 * the real file system, with links swapped in the way a container would.
 */
class HeldFolderIT {

    @BeforeAll
    static void theJarsSecondCopyIsInUse() {
        assumeTrue(Runtime.version().feature() >= 22, "JDK 21 reaches folders by name");
        assertTrue(HeldFolder.byDescriptor(), "on Linux with JDK 22+, folders are held open");
    }

    @Test
    void aFolderSwappedForALinkBeforeItIsOpenedIsRefused(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("volume"));
        Path host = Files.createDirectories(tmp.resolve("host"));
        // Checked while root/race was a folder; a container has since put a link to the host in its place.
        Files.createSymbolicLink(root.resolve("race"), host);

        FileSystemException refused = assertThrows(FileSystemException.class,
                () -> HeldFolder.open(root, root.resolve("race")));

        assertEquals(HeldFolder.NOT_A_FOLDER, refused.getReason());
    }

    @Test
    void whatIsMadeInAHeldFolderLandsThereWhateverNowBearsItsName(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("volume"));
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.createDirectories(root.resolve("a/b"));

        try (HeldFolder held = HeldFolder.open(root, root.resolve("a/b"))) {
            // Swapped after the opening: a/b moves away and a link to the host takes its name.
            Files.move(root.resolve("a/b"), root.resolve("a/moved"));
            Files.createSymbolicLink(root.resolve("a/b"), host);

            Files.createDirectory(held.resolve("made"));
            Files.writeString(held.resolve("file.txt"), "x");
            held.moveNoReplace("file.txt", held, "renamed.txt");
        }

        assertTrue(Files.isDirectory(root.resolve("a/moved/made")));
        assertTrue(Files.exists(root.resolve("a/moved/renamed.txt")));
        assertNothingIn(host);
    }

    @Test
    void aMoveKeepsWhatHasTheNewNameAlready(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("from"));
        Files.createDirectories(root.resolve("to"));
        Files.writeString(root.resolve("from/new.txt"), "new");
        Files.writeString(root.resolve("to/old.txt"), "old");

        try (HeldFolder from = HeldFolder.open(root, root.resolve("from"));
             HeldFolder to = HeldFolder.open(root, root.resolve("to"))) {
            assertThrows(FileAlreadyExistsException.class, () -> from.moveNoReplace("new.txt", to, "old.txt"));
            from.moveNoReplace("new.txt", to, "moved.txt");
        }

        assertEquals("old", Files.readString(root.resolve("to/old.txt")));
        assertEquals("new", Files.readString(root.resolve("to/moved.txt")));
        assertFalse(Files.exists(root.resolve("from/new.txt")));
    }

    /**
     * A container that sees the write's temporary file appear in its volume swaps the folder for a link to the host
     * and plants a link of the same name there: a write that reached the folder by name then set the mode of a host
     * file of the container's choice and moved the link onto the host.
     */
    @Test
    void aFolderSwappedWhileAWriteReadsItsBytesNeitherTakesTheFileOutNorChangesAHostFile(@TempDir Path tmp)
            throws IOException {
        Path root = Files.createDirectories(tmp.resolve("volume"));
        Path host = Files.createDirectories(tmp.resolve("host"));
        Path victim = Files.writeString(tmp.resolve("shadow"), "secret");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        Files.createDirectories(root.resolve("race"));
        FileManager files = new FileManager(new Sandbox(root), Limits.DEFAULT);
        InputStream swappingWhileRead = oneByteAfter(() -> {
            String temporary = temporaryIn(root.resolve("race")).getFileName().toString();
            Files.move(root.resolve("race"), root.resolve("aside"));
            Files.createSymbolicLink(root.resolve("race"), host);
            Files.createSymbolicLink(host.resolve(temporary), victim);
        });

        files.write("/race/config.txt", swappingWhileRead, "0666", false, null);

        assertEquals("x", Files.readString(root.resolve("aside/config.txt")), "the write landed where it was checked");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        assertFalse(Files.exists(host.resolve("config.txt"), LinkOption.NOFOLLOW_LINKS));
    }
    /**
     * A container that sees an upload's staging folder appear in its volume swaps its folder for a link to
     * the host while the archive is read: unpacking by name then wrote the archive's next entry on the host.
     */
    @Test
    void aStagingFolderSwappedForALinkWhileAnArchiveUnpacksFailsTheUploadAndLeavesTheHostAlone(@TempDir Path tmp)
            throws IOException {
        Path root = Files.createDirectories(tmp.resolve("volume"));
        Path host = Files.createDirectories(tmp.resolve("host"));
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
            tar.putArchiveEntry(new TarArchiveEntry("sub/"));
            tar.closeArchiveEntry();
            byte[] big = new byte[256 * 1024];
            TarArchiveEntry first = new TarArchiveEntry("sub/first.bin");
            first.setSize(big.length);
            tar.putArchiveEntry(first);
            tar.write(big);
            tar.closeArchiveEntry();
            byte[] evil = "planted".getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry second = new TarArchiveEntry("sub/second.txt");
            second.setSize(evil.length);
            tar.putArchiveEntry(second);
            tar.write(evil);
            tar.closeArchiveEntry();
        }
        InputStream swappingHalfway = afterHalfOf(tarBytes.toByteArray(), () -> {
            Path staging;
            try (Stream<Path> entries = Files.list(root.resolve("in"))) {
                staging = entries.filter(p -> p.getFileName().toString().startsWith(".bollard-unpack-"))
                        .findFirst().orElseThrow();
            }
            Files.move(staging.resolve("tree"), root.resolve("aside"));
            Files.createSymbolicLink(staging.resolve("tree"), host);
        });
        Archives archives = archivesIn(root);

        FileAccessException refused = assertThrows(FileAccessException.class,
                () -> archives.unpack(swappingHalfway, Archives.Format.TAR, "/in"));

        assertEquals(FileAccessException.Reason.CONFLICT, refused.reason(), refused.getMessage());
        assertNothingIn(host);
        assertFalse(Files.exists(root.resolve("in")), "the staging folder is gone, and the folder the upload made");
    }
    /**
     * A folder swapped for a link while a download packs the folder around it: the download fails at that folder
     * and the archive holds nothing of what the link points to.
     */
    @Test
    void aFolderSwappedForALinkDuringAFolderDownloadPutsNothingOfTheHostInTheArchive(@TempDir Path tmp)
            throws IOException {
        Path root = Files.createDirectories(tmp.resolve("volume"));
        Path host = Files.createDirectories(tmp.resolve("host"));
        Files.writeString(host.resolve("host-secret.txt"), "not for the archive");
        Files.createDirectories(root.resolve("top/sub"));
        Files.writeString(root.resolve("top/sub/inner.txt"), "inner");
        byte[] big = new byte[256 * 1024];
        new java.util.Random(7).nextBytes(big); // incompressible: the archive passes 64 KiB while it is packed
        Files.write(root.resolve("top/big.bin"), big);
        ByteArrayOutputStream archive = new ByteArrayOutputStream() {
            private boolean swapped;

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                if (!swapped && size() > 64 * 1024) {
                    swapped = true;
                    try {
                        Files.move(root.resolve("top/sub"), root.resolve("aside"));
                        Files.createSymbolicLink(root.resolve("top/sub"), host);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                super.write(b, off, len);
            }
        };
        Archives archives = archivesIn(root);

        FileAccessException refused = assertThrows(FileAccessException.class,
                () -> archives.pack("/top", Archives.Format.ZIP, archive));

        assertEquals(FileAccessException.Reason.CONFLICT, refused.reason(), refused.getMessage());
        assertFalse(archive.toString(StandardCharsets.ISO_8859_1).contains("host-secret"),
                "no name from the host's folder in the archive");
    }

    /**
     * An outside audit's finding: a container that swaps a write's temporary file for a link to a host file while
     * the bytes are written had the write set that host file's mode (JDK 25's "do not follow links" mode setting
     * follows the link). Now the mode is set on the file the write made, and the write is refused when its name no
     * longer holds that file.
     */
    @Test
    void aTemporaryFileSwappedForALinkNeitherGivesAHostFileItsModeNorIsTakenForTheWrite(@TempDir Path tmp)
            throws IOException {
        Path root = Files.createDirectories(tmp.resolve("volume"));
        Path victim = Files.writeString(tmp.resolve("shadow"), "secret");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        FileManager files = new FileManager(new Sandbox(root), Limits.DEFAULT);

        FileAccessException refused = assertThrows(FileAccessException.class, () -> files.write("/config.txt",
                swappingTheTemporaryFile(root, temporary -> Files.createSymbolicLink(temporary, victim)), "0666",
                false, null));

        assertEquals(FileAccessException.Reason.CONFLICT, refused.reason(), refused.getMessage());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        assertEquals("secret", Files.readString(victim));
    }

    /** The same with a pipe: writing or setting a mode through its name would wait for a reader for ever. */
    @Test
    void aTemporaryFileSwappedForAPipeDoesNotHangTheWrite(@TempDir Path root) {
        FileManager files = new FileManager(new Sandbox(root), Limits.DEFAULT);

        FileAccessException refused = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThrows(
                FileAccessException.class, () -> files.write("/config.txt",
                        swappingTheTemporaryFile(root, HeldFolderIT::mkfifo), null, false, null)));

        assertEquals(FileAccessException.Reason.CONFLICT, refused.reason(), refused.getMessage());
    }

    /** A read opens a file without following a link or waiting on a pipe, and checks what it opened. */
    @Test
    void onlyRegularFilesAreOpenedForReading(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("plain.txt"), "plain");
        Files.createSymbolicLink(root.resolve("link"), root.resolve("plain.txt"));
        mkfifo(root.resolve("pipe"));

        try (HeldFolder folder = HeldFolder.open(root, root)) {
            try (HeldFolder.HeldFile plain = folder.openFile("plain.txt")) {
                assertEquals("plain", Files.readString(plain.path()));
            }
            for (String notAFile : List.of("link", "pipe")) {
                FileSystemException refused = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> assertThrows(FileSystemException.class, () -> folder.openFile(notAFile)));
                assertEquals(HeldFolder.NOT_A_FILE, refused.getReason(), notAFile);
            }
        }
    }

    /** The same for an upload: an unpacked file's mode goes to the file unpacked, never through its name. */
    @Test
    void anUnpackedFileSwappedForALinkDoesNotGiveAHostFileItsMode(@TempDir Path tmp) throws IOException {
        Path root = Files.createDirectories(tmp.resolve("volume"));
        Path victim = Files.writeString(tmp.resolve("shadow"), "secret");
        Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
        ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
        byte[] big = new byte[256 * 1024];
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes)) {
            TarArchiveEntry entry = new TarArchiveEntry("open.bin");
            entry.setSize(big.length);
            entry.setMode(0100666);
            tar.putArchiveEntry(entry);
            tar.write(big);
            tar.closeArchiveEntry();
        }
        InputStream swappingHalfway = afterHalfOf(tarBytes.toByteArray(), () -> {
            Path staged;
            try (Stream<Path> found = Files.walk(root)) {
                staged = found.filter(p -> p.getFileName().toString().equals("open.bin")).findFirst().orElseThrow();
            }
            Files.delete(staged);
            Files.createSymbolicLink(staged, victim);
        });

        try {
            archivesIn(root).unpack(swappingHalfway, Archives.Format.TAR, "/in");
        } catch (FileAccessException refusedIsFine) {
            // Whether the upload is refused or places the link does not matter here: the host file does.
        }

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        assertEquals("secret", Files.readString(victim));
    }

    /** One file operation on a path the test makes. */
    @FunctionalInterface
    private interface Plant {
        void at(Path path) throws IOException;
    }

    /** Bytes to write that, once read, replace the write's temporary file (its name) with what {@code plant} makes. */
    private static InputStream swappingTheTemporaryFile(Path folder, Plant plant) {
        return oneByteAfter(() -> {
            Path temporary = temporaryIn(folder);
            Files.delete(temporary);
            plant.at(temporary);
        });
    }

    /** One byte to write, read only after the swap ran (while the write is under way). */
    private static InputStream oneByteAfter(Swap swap) {
        return new InputStream() {
            private boolean swapped;

            @Override
            public int read() throws IOException {
                if (swapped) {
                    return -1;
                }
                swapped = true;
                swap.run();
                return 'x';
            }
        };
    }

    /** The write's temporary file, as a container sees it appear in its volume. */
    private static Path temporaryIn(Path folder) throws IOException {
        try (Stream<Path> staged = Files.list(folder)) {
            return staged.filter(p -> p.getFileName().toString().startsWith(".bollard-")).findFirst().orElseThrow();
        }
    }

    /** What a container does in the middle of a write or an upload. */
    @FunctionalInterface
    private interface Swap {
        void run() throws IOException;
    }

    /** An archive's bytes that, once half of them were read, run the swap (while the unpack is under way). */
    private static InputStream afterHalfOf(byte[] archive, Swap swap) {
        return new FilterInputStream(new ByteArrayInputStream(archive)) {
            private long read;
            private boolean swapped;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (!swapped && read > archive.length / 2) {
                    swapped = true;
                    swap.run();
                }
                int n = super.read(b, off, len);
                read += Math.max(n, 0);
                return n;
            }
        };
    }

    private static void mkfifo(Path path) throws IOException {
        try {
            int exit = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start().waitFor();
            assertEquals(0, exit, "mkfifo " + path);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void assertNothingIn(Path host) throws IOException {
        try (Stream<Path> onTheHost = Files.list(host)) {
            assertEquals(0, onTheHost.count(), "nothing reached the host's folder");
        }
    }

    private static Archives archivesIn(Path root) {
        return new Archives(new FileManager(new Sandbox(root), Limits.DEFAULT), Limits.DEFAULT);
    }
}
