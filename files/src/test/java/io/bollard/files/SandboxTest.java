package io.bollard.files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile paths, each refused, with nothing outside the root read or changed.
 */
class SandboxTest {

    @TempDir
    Path tmp;

    private Path root;
    private Path outside;
    private FileManager files;

    @BeforeEach
    void layout() throws Exception {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "outside");
        Files.createDirectories(root.resolve("app/conf"));
        Files.writeString(root.resolve("app/conf/app.yml"), "inside");
        Files.createSymbolicLink(root.resolve("etc-link"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("out-dir"), outside);
        Files.createSymbolicLink(root.resolve("app/escape"), Path.of("../../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("inside-link"), Path.of("app/conf"));
        files = new FileManager(new Sandbox(root), Limits.DEFAULT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "..", "../outside/secret.txt", "a/../../x", "app/../../outside", "/../outside/secret.txt",
            "%2e%2e/outside/secret.txt", "..%2foutside", "%2E%2E%2Foutside", "app%5c..%5c..",
            "..\\outside\\secret.txt", "app\\..\\..\\outside",
            "app/conf\u0000/../../outside", "app\u0001", "line\nbreak",
            "\uFF0E\uFF0E/outside/secret.txt", "\u2024\u2024/outside", "app/\uFE52\uFE52/..",
            "etc-link/passwd", "etc-link", "out-dir/secret.txt", "out-dir", "app/escape"})
    void hostilePathsAreRefused(String path) throws Exception {
        FileAccessException e = assertThrows(FileAccessException.class, () -> files.read(path), path);
        assertTrue(e.reason() == FileAccessException.Reason.INVALID_PATH
                || e.reason() == FileAccessException.Reason.OUTSIDE_ROOT, path + ": " + e.reason());
        assertThrows(FileAccessException.class, () -> files.write(path,
                new ByteArrayInputStream("x".getBytes()), null, true, null), path);
        assertEquals("outside", Files.readString(outside.resolve("secret.txt")), "nothing outside changed");
        assertEquals(List.of("secret.txt"), Files.list(outside).map(p -> p.getFileName().toString()).toList());
    }

    @Test
    void veryLongNamesAreRefused() {
        String longName = "a".repeat(300);
        assertEquals(FileAccessException.Reason.INVALID_PATH,
                assertThrows(FileAccessException.class, () -> files.stat(longName)).reason());
        assertEquals(FileAccessException.Reason.INVALID_PATH,
                assertThrows(FileAccessException.class, () -> files.stat("a/".repeat(3000))).reason());
    }

    @Test
    void absolutePathsAreRootRelative() {
        assertEquals("inside", new String(files.read("/app/conf/app.yml"), StandardCharsets.UTF_8));
        assertEquals("/", files.stat("/").path());
        assertEquals("/app", files.stat("/app/conf/..").path());
    }

    @Test
    void linksInsideAreFollowedAndShown() {
        assertEquals("inside", new String(files.read("inside-link/app.yml"), StandardCharsets.UTF_8));
        FileEntry link = files.list("/").stream().filter(e -> e.name().equals("inside-link")).findFirst().orElseThrow();
        assertTrue(link.isSymlink());
        assertEquals("/app/conf", link.linkTarget());
        FileEntry hostile = files.list("/").stream().filter(e -> e.name().equals("etc-link")).findFirst().orElseThrow();
        assertTrue(hostile.isSymlink());
        assertEquals(null, hostile.linkTarget(), "a target outside is not revealed");
    }

    @Test
    void linkSwappedInBetweenTwoCallsIsRefused() throws Exception {
        Path dir = Files.createDirectories(root.resolve("swap"));
        Files.writeString(dir.resolve("file.txt"), "ok");
        assertEquals("ok", new String(files.read("swap/file.txt"), StandardCharsets.UTF_8));
        // Between two calls the folder becomes a link to outside.
        Files.delete(dir.resolve("file.txt"));
        Files.delete(dir);
        Files.createSymbolicLink(dir, outside);
        assertThrows(FileAccessException.class, () -> files.read("swap/secret.txt"));
        assertThrows(FileAccessException.class, () -> files.write("swap/new.txt",
                new ByteArrayInputStream("x".getBytes()), null, false, null));
        assertFalse(Files.exists(outside.resolve("new.txt")));
    }

    @Test
    void theRootCannotBeDeletedAndHostileLinksCanBe() {
        assertEquals(FileAccessException.Reason.FORBIDDEN,
                assertThrows(FileAccessException.class, () -> files.delete("/", true)).reason());
        assertEquals(FileAccessException.Reason.OUTSIDE_ROOT,
                assertThrows(FileAccessException.class, () -> files.delete("..", true)).reason());
        files.delete("out-dir", true);
        assertFalse(Files.exists(root.resolve("out-dir"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(outside.resolve("secret.txt")), "the link's target is untouched");
    }
}
