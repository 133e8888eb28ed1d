package io.bollard.files;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileManagerTest {

    @TempDir
    Path root;

    private FileManager files;

    @BeforeEach
    void setUp() {
        files = new FileManager(new Sandbox(root), new Limits(1024, 4096, 100));
    }

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void writeReplacesWithExactlyTheNewBytesKeepingMode() throws Exception {
        Path f = root.resolve("conf.txt");
        Files.writeString(f, "a much longer old content than the new one");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        FileEntry written = files.write("conf.txt", text("short"), null, false, null);
        assertEquals("short", Files.readString(f));
        assertEquals(5, written.size());
        assertEquals("0640", written.mode());
        try (var dir = Files.list(root)) {
            assertEquals(List.of("conf.txt"), dir.map(p -> p.getFileName().toString()).toList(), "no temp files left");
        }
    }

    @Test
    void expectedMtimeGuardsAgainstLostUpdates() throws Exception {
        FileEntry first = files.write("x.txt", text("one"), "0600", false, null);
        assertEquals("0600", first.mode());
        Files.setLastModifiedTime(root.resolve("x.txt"), java.nio.file.attribute.FileTime.fromMillis(first.mtime() + 5000));
        FileAccessException e = assertThrows(FileAccessException.class,
                () -> files.write("x.txt", text("two"), null, false, first.mtime()));
        assertEquals(FileAccessException.Reason.CONFLICT, e.reason());
        assertEquals("one", Files.readString(root.resolve("x.txt")));
    }

    @Test
    void failedWriteLeavesTheOldFile() throws Exception {
        Files.writeString(root.resolve("keep.txt"), "old");
        InputStream failing = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 10) {
                    throw new IOException("disk full");
                }
                return 'x';
            }
        };
        assertThrows(FileAccessException.class, () -> files.write("keep.txt", failing, null, false, null));
        assertEquals("old", Files.readString(root.resolve("keep.txt")));
        FileAccessException big = assertThrows(FileAccessException.class,
                () -> files.write("keep.txt", new ByteArrayInputStream(new byte[5000]), null, false, null));
        assertEquals(FileAccessException.Reason.TOO_LARGE, big.reason());
        assertEquals("old", Files.readString(root.resolve("keep.txt")));
        try (var dir = Files.list(root)) {
            assertEquals(1, dir.count(), "no temp files left");
        }
    }

    @Test
    void aRefusedWriteRemovesTheFoldersItMadeButNotOthers() throws Exception {
        Files.createDirectories(root.resolve("a/kept"));
        FileAccessException big = assertThrows(FileAccessException.class, () -> files.write("a/b/c/big.bin",
                new ByteArrayInputStream(new byte[5000]), null, true, null));
        assertEquals(FileAccessException.Reason.TOO_LARGE, big.reason());
        assertFalse(Files.exists(root.resolve("a/b")), "folders made for the refused write are gone");
        assertTrue(Files.isDirectory(root.resolve("a/kept")), "folders that were there stay");
        files.write("a/x/f.txt", text("ok"), null, true, null);
        FileAccessException conflict = assertThrows(FileAccessException.class, () -> files.write("a/x/new/f.txt",
                text("late"), null, true, 1L));
        assertEquals(FileAccessException.Reason.CONFLICT, conflict.reason());
        assertFalse(Files.exists(root.resolve("a/x/new")));
        assertEquals("ok", Files.readString(root.resolve("a/x/f.txt")));
    }

    @Test
    void aRefusedWriteKeepsAFolderThatAMkdirBesideItSucceededWith() throws Exception {
        // The refused write makes a/, then blocks in its content; mkdir a/ succeeds on the folder it finds; the
        // write then fails. Its removal must not take the folder the mkdir answered for.
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch mkdirDone = new java.util.concurrent.CountDownLatch(1);
        InputStream failing = new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                reading.countDown();
                try {
                    mkdirDone.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new java.io.IOException("the client went away");
            }
        };
        var refused = java.util.concurrent.CompletableFuture.runAsync(() -> files.write("a/f.txt", failing, null,
                true, null));
        assertTrue(reading.await(10, java.util.concurrent.TimeUnit.SECONDS));
        files.mkdirs("a");
        mkdirDone.countDown();
        assertThrows(java.util.concurrent.CompletionException.class, refused::join);
        assertTrue(Files.isDirectory(root.resolve("a")), "the folder mkdir answered for stays");
    }

    @Test
    void aRefusedWriteDoesNotFailAnotherWriteIntoTheSameNewFolder() throws Exception {
        // Refused writes remove the empty folders they made; a good write into the same new folder must still land.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                String folder = "n" + round + "/deep";
                List<java.util.concurrent.Future<?>> good = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    int n = i;
                    if (n % 2 == 0) {
                        pool.submit(() -> assertThrows(FileAccessException.class, () -> files.write(folder + "/big"
                                + n, new ByteArrayInputStream(new byte[5000]), null, true, null)));
                    } else {
                        good.add(pool.submit(() -> files.write(folder + "/ok" + n, text("ok"), null, true, null)));
                    }
                }
                for (java.util.concurrent.Future<?> f : good) {
                    f.get(); // throws if the good write failed
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writeIntoAReadOnlyFolderFailsCleanly() throws Exception {
        Path ro = Files.createDirectories(root.resolve("ro"));
        Files.writeString(ro.resolve("a.txt"), "old");
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            if (!root) {
                FileAccessException e = assertThrows(FileAccessException.class,
                        () -> files.write("ro/a.txt", text("new"), null, false, null));
                assertEquals(FileAccessException.Reason.IO, e.reason());
                assertEquals("old", Files.readString(ro.resolve("a.txt")));
            }
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void listStatMkdirRenameDelete() throws Exception {
        files.mkdirs("a/b/c");
        files.write("a/b/c/f.txt", text("hi"), null, false, null);
        files.write("a/z.txt", text("z"), null, false, null);
        List<FileEntry> list = files.list("/a");
        assertEquals(List.of("b", "z.txt"), list.stream().map(FileEntry::name).toList());
        assertTrue(list.get(0).isDir());
        assertEquals("/a/z.txt", list.get(1).path());
        assertEquals(1, list.get(1).size());
        assertFalse(list.get(1).owner().isEmpty());

        assertThrows(FileAccessException.class, () -> files.rename("a/z.txt", "a/b"), "target exists");
        files.rename("a/z.txt", "a/b/moved.txt");
        assertEquals("z", Files.readString(root.resolve("a/b/moved.txt")));
        assertThrows(FileAccessException.class, () -> files.rename("a", "a/b/inside"));

        assertEquals(FileAccessException.Reason.CONFLICT,
                assertThrows(FileAccessException.class, () -> files.delete("a/b", false)).reason());
        files.delete("a/b/moved.txt", false);
        files.delete("a", true);
        assertFalse(Files.exists(root.resolve("a")));
        assertEquals(FileAccessException.Reason.NOT_FOUND,
                assertThrows(FileAccessException.class, () -> files.stat("a")).reason());
    }

    @Test
    void readsAreCapped() throws Exception {
        Files.write(root.resolve("big.bin"), new byte[2000]);
        assertEquals(FileAccessException.Reason.TOO_LARGE,
                assertThrows(FileAccessException.class, () -> files.read("big.bin")).reason());
        assertEquals(FileAccessException.Reason.CONFLICT,
                assertThrows(FileAccessException.class, () -> files.read("/")).reason());
    }

    @Test
    void badModesAreRefused() {
        assertThrows(FileAccessException.class, () -> files.write("m.txt", text("x"), "rwx", false, null));
        assertThrows(FileAccessException.class, () -> files.write("m.txt", text("x"), "0999", false, null));
        assertEquals("0755", files.write("m.txt", text("x"), "755", false, null).mode());
    }
    @Test
    void ofWritersThatReadTheSameMtimeOneWins() throws Exception {
        files.write("race.txt", new java.io.ByteArrayInputStream("start".getBytes()), null, false, null);
        long mtime = files.stat("race.txt").mtime();
        for (int round = 0; round < 5; round++) {
            int writers = 8;
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            try (var pool = java.util.concurrent.Executors.newFixedThreadPool(writers)) {
                for (int i = 0; i < writers; i++) {
                    String text = "writer " + i + " round " + round;
                    long expected = mtime;
                    results.add(pool.submit(() -> {
                        go.await();
                        try {
                            files.write("race.txt", new java.io.ByteArrayInputStream(text.getBytes()), null, false,
                                    expected);
                            return true;
                        } catch (FileAccessException e) {
                            return false;
                        }
                    }));
                }
                go.countDown();
                long wins = 0;
                for (var r : results) {
                    wins += r.get() ? 1 : 0;
                }
                org.junit.jupiter.api.Assertions.assertEquals(1, wins, "round " + round);
            }
            mtime = files.stat("race.txt").mtime();
            // The file system's clock may not move between rounds: wait until the next write gets a new mtime.
            Thread.sleep(20);
        }
    }

}
