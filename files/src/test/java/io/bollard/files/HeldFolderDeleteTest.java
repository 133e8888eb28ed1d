package io.bollard.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeldFolderDeleteTest {

    @Test
    void aFolderSwappedForALinkAfterTheCheckFailsTheDeleteInsteadOfReachingOutside(@TempDir Path tmp)
            throws IOException {
        Path root = Files.createDirectories(tmp.resolve("volume"));
        Path outside = Files.createDirectories(tmp.resolve("host/sub"));
        Files.writeString(outside.resolve("important.txt"), "keep");
        // The path was resolved while root/race was a folder; a container has since put a link in its place.
        Files.createSymbolicLink(root.resolve("race"), tmp.resolve("host"));

        FileSystemException refused = assertThrows(FileSystemException.class,
                () -> HeldFolderDelete.delete(root, root.resolve("race/sub"), true));

        assertEquals(HeldFolder.NOT_A_FOLDER, refused.getReason(), "answered 409 as for other operations");

        assertTrue(Files.exists(outside.resolve("important.txt")), "the host's folder is untouched");
        assertTrue(Files.isSymbolicLink(root.resolve("race")));
    }

    @Test
    void deletesFilesLinksAndFoldersInsideTheRoot(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("a/b/c"));
        Files.writeString(root.resolve("a/b/c/f.txt"), "x");
        Path outside = Files.createTempDirectory("held-delete-outside");
        try {
            Files.writeString(outside.resolve("keep.txt"), "keep");
            Files.createSymbolicLink(root.resolve("a/b/out"), outside);

            assertThrows(DirectoryNotEmptyException.class, () -> HeldFolderDelete.delete(root, root.resolve("a"),
                    false));
            assertTrue(HeldFolderDelete.delete(root, root.resolve("a/b/c/f.txt"), false));
            assertFalse(Files.exists(root.resolve("a/b/c/f.txt")));
            assertTrue(HeldFolderDelete.delete(root, root.resolve("a"), true));
            assertFalse(Files.exists(root.resolve("a")));
            assertTrue(Files.exists(outside.resolve("keep.txt")), "a link inside is removed, not followed");
        } finally {
            Files.deleteIfExists(outside.resolve("keep.txt"));
            Files.deleteIfExists(outside);
        }
    }
}
