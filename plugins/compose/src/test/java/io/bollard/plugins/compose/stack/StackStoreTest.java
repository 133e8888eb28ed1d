package io.bollard.plugins.compose.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackStoreTest {

    @Test
    void aWriteThatFailsHalfwayPutsBackTheFilesItReplacedAndLeavesNoSecondNames(@TempDir Path data)
            throws IOException {
        // The stacks' host folder is given, so no Docker call finds it; nothing here reads JSON.
        StackStore store = new StackStore(data.toString(), data.resolve("stacks").toString(), null, null);
        store.write("web", Map.of("compose.yaml", "old\n", "app.env", "A=1\n"));
        Path folder = data.resolve("stacks/web");
        Files.createDirectories(folder.resolve("blocked")); // a folder where the deploy's last file goes
        Map<String, String> files = new LinkedHashMap<>();
        files.put("compose.yaml", "new\n");
        files.put("app.env", "A=2\n");
        files.put("added.txt", "added\n");
        files.put("blocked", "cannot be written over a folder\n");

        assertThrows(RuntimeException.class, () -> store.write("web", files));

        assertEquals("old\n", Files.readString(folder.resolve("compose.yaml")));
        assertEquals("A=1\n", Files.readString(folder.resolve("app.env")));
        assertTrue(Files.notExists(folder.resolve("added.txt")), "a file the write added is gone again");
        try (Stream<Path> left = Files.list(folder)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".bollard-")),
                    "no second name or temporary file is left");
        }
    }

    @Test
    void aWriteUndoneLaterPutsTheOldFilesBackAndKeptLetsThemGo(@TempDir Path data) throws IOException {
        StackStore store = new StackStore(data.toString(), data.resolve("stacks").toString(), null, null);
        store.write("web", Map.of("compose.yaml", "old\n")).keep();
        Path folder = data.resolve("stacks/web");
        StackStore.Written refused = store.write("web", Map.of("compose.yaml", "refused\n", "added.txt", "x\n"));
        assertEquals("refused\n", Files.readString(folder.resolve("compose.yaml")), "written until undone");
        refused.undo();
        assertEquals("old\n", Files.readString(folder.resolve("compose.yaml")));
        assertTrue(Files.notExists(folder.resolve("added.txt")));
        store.write("web", Map.of("compose.yaml", "new\n")).keep();
        assertEquals("new\n", Files.readString(folder.resolve("compose.yaml")));
        try (Stream<Path> left = Files.list(folder)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".bollard-")),
                    "no second name is left");
        }
    }
}
