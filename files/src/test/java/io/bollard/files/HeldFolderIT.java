package io.bollard.files;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        try (Stream<Path> onTheHost = Files.list(host)) {
            assertEquals(0, onTheHost.count(), "nothing reached the host's folder");
        }
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
        InputStream swappingWhileRead = new InputStream() {
            private boolean swapped;

            @Override
            public int read() throws IOException {
                if (swapped) {
                    return -1;
                }
                swapped = true;
                String temporary;
                try (Stream<Path> staged = Files.list(root.resolve("race"))) {
                    temporary = staged.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".bollard-"))
                            .findFirst().orElseThrow();
                }
                Files.move(root.resolve("race"), root.resolve("aside"));
                Files.createSymbolicLink(root.resolve("race"), host);
                Files.createSymbolicLink(host.resolve(temporary), victim);
                return 'x';
            }
        };

        files.write("/race/config.txt", swappingWhileRead, "0666", false, null);

        assertEquals("x", Files.readString(root.resolve("aside/config.txt")), "the write landed where it was checked");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        assertFalse(Files.exists(host.resolve("config.txt"), LinkOption.NOFOLLOW_LINKS));
    }
}
