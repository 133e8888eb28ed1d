package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import io.bollard.testing.DockerScope;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The files plugin on a real engine: volumes, stacks and containers; hostile links and archives; atomic writes.
 */
class FilesIT {

    private static RunningAgent agent;
    private static DockerScope scope;
    private static String volume;
    private static Path mountpoint;
    private static String container;

    @BeforeAll
    static void start() {
        agent = RunningAgent.start(Map.of("AGENT_FILES_MAX_READ", "64KiB", "AGENT_FILES_MAX_UPLOAD", "4MiB",
                "AGENT_FILES_MAX_ENTRIES", "500"));
        scope = new DockerScope();
        volume = scope.name("data");
        scope.docker().createVolumeCmd().withName(volume).withLabels(scope.labels()).exec();
        mountpoint = Path.of(scope.docker().inspectVolumeCmd(volume).exec().getMountpoint());
        // The container plants a link to / in the volume, as a hostile workload would.
        container = scope.run(scope.name("writer"), Map.of(), c -> c.withHostConfig(HostConfig.newHostConfig()
                        .withBinds(new Bind(volume, new Volume("/vol")))),
                "sh", "-c", "mkdir -p /vol/conf && echo hello > /vol/conf/app.conf && ln -s / /vol/rootlink"
                        + " && ln -s conf /vol/conflink && sleep 600");
        awaitFile(mountpoint.resolve("conflink"));
    }

    @AfterAll
    static void stop() {
        scope.close();
        agent.close();
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void listAndReadAVolume() {
        JsonNode list = RunningAgent.json(agent.get("/agent/docker/files?volume=" + volume + "&path=/"));
        List<String> names = new ArrayList<>();
        list.forEach(e -> names.add(e.path("name").asText()));
        // Other tests add files to the same volume: look for these, folders first.
        assertEquals("conf", names.get(0), list.toString());
        assertTrue(names.containsAll(List.of("conflink", "rootlink")), list.toString());
        JsonNode root = list.get(names.indexOf("rootlink"));
        assertTrue(root.path("is_symlink").asBoolean());
        assertTrue(root.path("link_target").isMissingNode(), "a target outside is not shown");
        assertEquals("/conf", list.get(names.indexOf("conflink")).path("link_target").asText());
        JsonNode read = RunningAgent.json(agent.get("/agent/docker/files/read?volume=" + volume + "&path=/conf/app.conf"));
        assertEquals("hello\n", read.path("content").asText());
        assertEquals("utf8", read.path("encoding").asText());
        assertEquals("hello\n", RunningAgent.json(agent.get("/agent/docker/files/read?volume=" + volume
                + "&path=conflink/app.conf")).path("content").asText());
    }

    @Test
    void theAgentNeverFollowsALinkOutOfTheVolume() throws Exception {
        for (String path : List.of("rootlink/etc/passwd", "rootlink", "rootlink/etc", "/conf/../../../etc/passwd",
                "..%2f..%2fetc%2fpasswd", "conf\\..\\..\\etc")) {
            HttpResponse<String> r = agent.get("/agent/docker/files/read?volume=" + volume + "&path=" + q(path));
            assertTrue(r.statusCode() == 403 || r.statusCode() == 400, path + ": " + r.statusCode() + " " + r.body());
            assertFalse(r.body().contains("root:x:0:0"), path);
        }
        assertError(agent.post("/agent/docker/files/write", json(Map.of("volume", volume,
                "path", "rootlink/tmp/bollard-evil-" + scope.id(), "content", "x"))), 403, "outside_root");
        assertFalse(Files.exists(Path.of("/tmp/bollard-evil-" + scope.id())));
        assertError(agent.get("/agent/docker/files?volume=" + volume + "&path=rootlink"), 403, "outside_root");
        assertError(agent.get("/agent/docker/files/download?volume=" + volume + "&path=rootlink/etc"), 403,
                "outside_root");
    }

    @Test
    void writesAreAtomicAndExact() throws Exception {
        String path = "/conf/big.txt";
        JsonNode first = RunningAgent.json(agent.post("/agent/docker/files/write", json(Map.of("volume", volume,
                "path", path, "content", "x".repeat(5000), "mode", "0640"))));
        assertEquals("0640", first.path("mode").asText());
        JsonNode second = RunningAgent.json(agent.post("/agent/docker/files/write", json(Map.of("volume", volume,
                "path", path, "content", "short", "expected_mtime", first.path("mtime").asLong()))));
        assertEquals("short", Files.readString(mountpoint.resolve("conf/big.txt")), "exactly the new bytes");
        assertEquals("0640", second.path("mode").asText(), "mode kept");
        assertError(agent.post("/agent/docker/files/write", json(Map.of("volume", volume, "path", path,
                "content", "lost update", "expected_mtime", first.path("mtime").asLong() - 10_000))), 409, "conflict");
        assertEquals("short", Files.readString(mountpoint.resolve("conf/big.txt")));
        assertError(agent.post("/agent/docker/files/write", json(Map.of("volume", volume, "path", "/no/such/dir/f",
                "content", "x"))), 404, "not_found");
        agent.post("/agent/docker/files/write", json(Map.of("volume", volume, "path", "/made/on/the/way.txt",
                "content", "//4A", "encoding", "base64", "create_dirs", true)));
        assertArrayEquals(new byte[]{(byte) 0xff, (byte) 0xfe, 0},
                Files.readAllBytes(mountpoint.resolve("made/on/the/way.txt")));
        JsonNode binary = RunningAgent.json(agent.get("/agent/docker/files/read?volume=" + volume
                + "&path=/made/on/the/way.txt"));
        assertEquals("base64", binary.path("encoding").asText());
        assertEquals("//4A", binary.path("content").asText(), "bytes that are not UTF-8 come as base64");
    }

    @Test
    void aFailedWriteLeavesTheOldFile() throws Exception {
        String small = scope.name("tiny");
        scope.docker().createVolumeCmd().withName(small).withLabels(scope.labels()).withDriver("local")
                .withDriverOpts(Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=64k")).exec();
        scope.run(scope.name("tiny-user"), Map.of(), c -> c.withHostConfig(HostConfig.newHostConfig()
                .withBinds(new Bind(small, new Volume("/t")))), "sh", "-c", "echo original > /t/f.txt; sleep 600");
        Path mp = Path.of(scope.docker().inspectVolumeCmd(small).exec().getMountpoint());
        awaitFile(mp.resolve("f.txt"));
        HttpResponse<String> full = agent.post("/agent/docker/files/write", json(Map.of("volume", small,
                "path", "f.txt", "content", "y".repeat(200_000))));
        assertEquals(500, full.statusCode(), full.body());
        assertEquals("io_error", RunningAgent.json(full).path("error").asText());
        assertEquals("original\n", Files.readString(mp.resolve("f.txt")), "the disk filled, the old file is intact");
        HttpResponse<String> deep = agent.post("/agent/docker/files/write", json(Map.of("volume", small,
                "path", "new/deep/g.txt", "content", "y".repeat(200_000), "create_dirs", true)));
        assertEquals(500, deep.statusCode(), deep.body());
        try (var left = Files.list(mp)) {
            assertEquals(List.of("f.txt"), left.map(p -> p.getFileName().toString()).toList(),
                    "no temp file left, nor the folders the refused write made");
        }
    }

    @Test
    void mkdirRenameAndDelete() {
        agent.post("/agent/docker/files/mkdir", json(Map.of("volume", volume, "path", "/tree/a/b")));
        agent.post("/agent/docker/files/write", json(Map.of("volume", volume, "path", "/tree/a/b/f", "content", "1")));
        assertEquals(200, agent.post("/agent/docker/files/rename", json(Map.of("volume", volume, "from", "/tree/a",
                "to", "/tree/moved"))).statusCode());
        assertTrue(Files.exists(mountpoint.resolve("tree/moved/b/f")));
        assertError(agent.post("/agent/docker/files/rename", json(Map.of("volume", volume, "from", "/tree/moved",
                "to", "/conf"))), 409, "conflict");
        assertError(agent.delete("/agent/docker/files?volume=" + volume + "&path=/tree"), 409, "conflict");
        assertEquals(200, agent.delete("/agent/docker/files?volume=" + volume + "&path=/tree&recursive=true")
                .statusCode());
        assertFalse(Files.exists(mountpoint.resolve("tree")));
        assertError(agent.delete("/agent/docker/files?volume=" + volume + "&path=/&recursive=true"), 403, "forbidden");
        assertTrue(Files.exists(mountpoint.resolve("conf/app.conf")));
    }

    @Test
    void readsAreCappedAndDownloadsSupportRanges() throws Exception {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251);
        }
        Files.write(mountpoint.resolve("blob.bin"), data);
        assertError(agent.get("/agent/docker/files/read?volume=" + volume + "&path=blob.bin"), 413, "too_large");
        HttpResponse<byte[]> whole = agent.http().send(agent.authed("/agent/docker/files/download?volume=" + volume
                + "&path=blob.bin").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertEquals(String.valueOf(data.length), whole.headers().firstValue("content-length").orElse(""));
        assertArrayEquals(data, whole.body());
        HttpResponse<byte[]> part = agent.http().send(agent.authed("/agent/docker/files/download?volume=" + volume
                + "&path=blob.bin").header("Range", "bytes=1000-1999").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, part.statusCode());
        assertEquals("bytes 1000-1999/100000", part.headers().firstValue("content-range").orElse(""));
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 2000), part.body());
        HttpResponse<byte[]> bad = agent.http().send(agent.authed("/agent/docker/files/download?volume=" + volume
                + "&path=blob.bin").header("Range", "bytes=200000-").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(416, bad.statusCode());
        assertEquals("range_not_satisfiable", RunningAgent.JSON.readTree(bad.body()).path("error").asText());
        // Parameters outside their few values are refused, not read as the default.
        assertError(agent.get("/agent/docker/files/read?volume=" + volume + "&path=blob.bin&encoding=xx"), 400,
                "bad_request");
        assertError(agent.get("/agent/docker/files/download?volume=" + volume + "&path=/&format=rar"), 400,
                "bad_request");
        java.util.Map<String, Integer> ranges = new java.util.LinkedHashMap<>();
        ranges.put("bytes=99990-99999999999999999999", 206); // past Long's range: to the end
        ranges.put("bytes=99999999999999999999-", 416);
        ranges.put("bytes=-99999999999999999999", 206);     // more than the file: all of it
        ranges.put("bytes=0-1,3-4", 200);                   // several ranges, an unknown unit, last before first:
        ranges.put("items=0-1", 200);                       // ignored, the whole file (RFC 9110)
        ranges.put("bytes=5-2", 200);
        ranges.put("bytes=-0", 416);
        ranges.forEach((range, status) -> {
            try {
                HttpResponse<byte[]> r = agent.http().send(agent.authed("/agent/docker/files/download?volume="
                        + volume + "&path=blob.bin").header("Range", range).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(status, r.statusCode(), range);
                if (status == 200) {
                    assertEquals(data.length, r.body().length, range);
                }
            } catch (Exception e) {
                throw new AssertionError(range, e);
            }
        });
        // HEAD answers the headers; the file opened for the body that is never sent is closed all the same.
        HttpResponse<Void> head = agent.http().send(agent.authed("/agent/docker/files/download?volume=" + volume
                + "&path=blob.bin").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertNoOpenFile(mountpoint.resolve("blob.bin"));
    }

    /** Waits (up to 10 s) until no file descriptor of this JVM, where the agent runs, is open on the file. */
    private static void assertNoOpenFile(Path file) throws Exception {
        Path real = file.toRealPath();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Path> open;
        do {
            open = new ArrayList<>();
            try (var fds = Files.list(Path.of("/proc/self/fd"))) {
                for (Path fd : (Iterable<Path>) fds::iterator) {
                    try {
                        if (Files.readSymbolicLink(fd).equals(real)) {
                            open.add(fd);
                        }
                    } catch (java.io.IOException gone) {
                        // Closed while listing.
                    }
                }
            }
            if (open.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(file + " is still open: " + open);
    }

    @Test
    void folderDownloadRoundTripsThroughUploadAndExtract() throws Exception {
        agent.post("/agent/docker/files/write", json(Map.of("volume", volume, "path", "/site/index.html",
                "content", "<h1>hi ✓</h1>", "create_dirs", true)));
        agent.post("/agent/docker/files/write", json(Map.of("volume", volume, "path", "/site/css/a.css",
                "content", "body{}", "create_dirs", true)));
        agent.post("/agent/docker/files/write", json(Map.of("volume", volume, "path", "/site/run.sh",
                "content", "#!/bin/sh", "mode", "0750")));
        agent.post("/agent/docker/files/write", json(Map.of("volume", volume, "path", "/site/secret",
                "content", "s", "mode", "0600")));
        Files.setAttribute(mountpoint.resolve("site/secret"), "unix:uid", 1000);
        Files.createSymbolicLink(mountpoint.resolve("site/home"), Path.of("index.html"));
        FileTime then = FileTime.from(java.time.Instant.parse("2020-01-02T03:04:06Z"));
        Files.setLastModifiedTime(mountpoint.resolve("site/run.sh"), then);
        for (String format : List.of("tar.gz", "zip")) {
            HttpResponse<byte[]> archive = agent.http().send(agent.authed("/agent/docker/files/download?volume="
                    + volume + "&path=/site&format=" + format).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, archive.statusCode());
            Multipart form = new Multipart().field("volume", volume).field("path", "/copy-" + format)
                    .field("extract", "true").file("file", "site." + format, archive.body());
            HttpResponse<String> up = upload(form);
            assertEquals(200, up.statusCode(), up.body());
            assertEquals("<h1>hi ✓</h1>", Files.readString(mountpoint.resolve("copy-" + format + "/index.html")));
            assertEquals("body{}", Files.readString(mountpoint.resolve("copy-" + format + "/css/a.css")));
            Path copy = mountpoint.resolve("copy-" + format);
            assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("run.sh"))));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.resolve("secret"))));
            assertEquals(then.toMillis() / 2000, Files.getLastModifiedTime(copy.resolve("run.sh")).toMillis() / 2000);
            assertEquals(Path.of("index.html"), Files.readSymbolicLink(copy.resolve("home")), format);
            if (format.equals("tar.gz")) {
                assertEquals(1000, Files.getAttribute(copy.resolve("secret"), "unix:uid"), "owners travel in tar");
            }
        }
        // A part refused by its name leaves nothing, the parts before it included.
        assertError(upload(new Multipart().field("volume", volume).field("path", "/refused-up")
                .file("file", "ok.txt", "A".getBytes()).file("file", "..", "B".getBytes())), 400, "bad_request");
        assertFalse(Files.exists(mountpoint.resolve("refused-up/ok.txt")));
        HttpResponse<String> plain = upload(new Multipart().field("volume", volume).field("path", "/uploads")
                .file("file", "a.txt", "A".getBytes()).file("file", "b.txt", "B".getBytes()));
        assertEquals(200, plain.statusCode(), plain.body());
        assertEquals("B", Files.readString(mountpoint.resolve("uploads/b.txt")));
    }

    @Test
    void hostileArchivesAreRefusedWholesale() throws Exception {
        ByteArrayOutputStream slip = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(slip)) {
            for (String name : List.of("good.txt", "../../../../tmp/bollard-slip-" + scope.id())) {
                zip.putArchiveEntry(new ZipArchiveEntry(name));
                zip.write("x".getBytes());
                zip.closeArchiveEntry();
            }
        }
        assertError(upload(new Multipart().field("volume", volume).field("path", "/slip").field("extract", "true")
                .file("file", "evil.zip", slip.toByteArray())), 403, "outside_root");
        assertFalse(Files.exists(Path.of("/tmp/bollard-slip-" + scope.id())));
        assertFalse(Files.exists(mountpoint.resolve("slip/good.txt")), "nothing half-written");

        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bomb)) {
            zip.putArchiveEntry(new ZipArchiveEntry("zeros"));
            zip.write(new byte[8 << 20]);
            zip.closeArchiveEntry();
        }
        assertError(upload(new Multipart().field("volume", volume).field("path", "/bomb").field("extract", "true")
                .file("file", "bomb.zip", bomb.toByteArray())), 413, "too_large");
        assertFalse(Files.exists(mountpoint.resolve("bomb")), "nothing left, the folder the upload made included");
        assertFalse(Files.exists(mountpoint.resolve("slip")));
    }

    @Test
    void stackFolders() throws Exception {
        agent.post("/agent/docker/files/write", json(Map.of("stack", "it-" + scope.id().substring(0, 8),
                "path", "/compose.yml", "content", "services: {}\n")));
        assertEquals("services: {}\n", Files.readString(agent.dataDir().resolve("stacks/it-"
                + scope.id().substring(0, 8) + "/compose.yml")));
        assertError(agent.get("/agent/docker/files?stack=no-such-stack"), 404, "not_found");
        assertError(agent.get("/agent/docker/files?stack=../etc"), 400, "bad_request");
        assertError(agent.get("/agent/docker/files?volume=" + volume + "&stack=x"), 400, "bad_request");
        // A refused write into a stack that has no folder yet leaves no folder either.
        String fresh = "it-new-" + scope.id().substring(0, 8);
        assertError(agent.post("/agent/docker/files/write", json(Map.of("stack", fresh, "path", "/a/b.txt",
                "content", "x"))), 404, "not_found");
        assertError(agent.post("/agent/docker/files/write", json(Map.of("stack", fresh, "path", "/b.txt",
                "content", "x", "mode", "0999"))), 400, "bad_request");
        assertFalse(Files.exists(agent.dataDir().resolve("stacks/" + fresh)));
        assertError(agent.get("/agent/docker/files?stack=" + fresh), 404, "not_found");
    }

    @Test
    void aRefusedWriteIntoANewStackNeverFailsAGoodOneBesideIt() throws Exception {
        // The refused write removes the stack folder it made; a good write at the same moment must keep it.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<String> failures = new java.util.ArrayList<>();
            for (int round = 0; round < 40; round++) {
                String stack = "it-race-" + round + "-" + scope.id().substring(0, 6);
                List<java.util.concurrent.Future<HttpResponse<String>>> good = new java.util.ArrayList<>();
                pool.submit(() -> agent.post("/agent/docker/files/write", json(Map.of("stack", stack,
                        "path", "/missing/x.txt", "content", "x"))));
                // A mkdir of the stack's root succeeds with the folder alone: it must stay too.
                good.add(pool.submit(() -> agent.post("/agent/docker/files/mkdir", json(Map.of("stack", stack,
                        "path", "/")))));
                for (int i = 0; i < 2; i++) {
                    pool.submit(() -> agent.post("/agent/docker/files/write", json(Map.of("stack", stack,
                            "path", "/missing/x.txt", "content", "x"))));
                    int n = i;
                    good.add(pool.submit(() -> agent.post("/agent/docker/files/write", json(Map.of("stack", stack,
                            "path", "/good-" + n + ".txt", "content", "kept")))));
                }
                for (var g : good) {
                    HttpResponse<String> r = g.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    if (r.statusCode() != 200) {
                        failures.add(stack + ": " + r.statusCode() + " " + r.body());
                    }
                }
                if (!Files.isDirectory(agent.dataDir().resolve("stacks/" + stack))) {
                    failures.add(stack + ": its folder is gone after good writes");
                }
            }
            assertEquals(List.of(), failures);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void filesInsideAContainer() throws Exception {
        JsonNode etc = RunningAgent.json(agent.get("/agent/docker/files?container=" + container + "&path=/etc"));
        assertTrue(etc.toString().contains("\"name\":\"passwd\""), etc.toString());
        JsonNode passwd = RunningAgent.json(agent.get("/agent/docker/files/read?container=" + container
                + "&path=/etc/passwd"));
        assertTrue(passwd.path("content").asText().startsWith("root:x:0:0"));
        HttpResponse<String> w = agent.post("/agent/docker/containers/" + container + "/files/write",
                json(Map.of("path", "/tmp/hello.txt", "content", "from the agent", "mode", "0600")));
        assertEquals(200, w.statusCode(), w.body());
        assertEquals("from the agent", RunningAgent.json(agent.get("/agent/docker/files/read?container=" + container
                + "&path=/tmp/hello.txt")).path("content").asText());
        agent.post("/agent/docker/files/write", json(Map.of("container", container, "path", "/tmp/second.txt",
                "content", "2")));
        assertEquals("2", RunningAgent.json(agent.get("/agent/docker/files/read?container=" + container
                + "&path=/tmp/second.txt")).path("content").asText());
        assertError(agent.get("/agent/docker/files/read?container=" + container + "&path=/../../etc/passwd"), 403,
                "outside_root");
        assertError(agent.get("/agent/docker/files/read?container=" + container + "&path=/nope"), 404, "not_found");
        HttpResponse<byte[]> tar = agent.http().send(agent.authed("/agent/docker/files/download?container="
                + container + "&path=/tmp/hello.txt").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, tar.statusCode());
        assertEquals("application/x-tar", tar.headers().firstValue("content-type").orElse(""));
        try (TarArchiveInputStream in = new TarArchiveInputStream(new java.io.ByteArrayInputStream(tar.body()))) {
            assertEquals("hello.txt", in.getNextEntry().getName());
            assertEquals("from the agent", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertError(agent.get("/agent/docker/files/download?container=" + container + "&path=/nope"), 404,
                "not_found");
        // The container route takes what the general one does: expected_mtime and create_dirs.
        long mtime = RunningAgent.json(agent.get("/agent/docker/files/read?container=" + container
                + "&path=/tmp/hello.txt")).path("mtime").asLong();
        String route = "/agent/docker/containers/" + container + "/files/write";
        assertError(agent.post(route, json(Map.of("path", "/tmp/hello.txt", "content", "late", "expected_mtime",
                mtime - 5000))), 409, "conflict");
        assertEquals(200, agent.post(route, json(Map.of("path", "/tmp/hello.txt", "content", "on time",
                "expected_mtime", mtime))).statusCode());
        assertError(agent.post(route, json(Map.of("path", "/tmp/new/dir/f", "content", "x"))), 404, "not_found");
        assertEquals(200, agent.post(route, json(Map.of("path", "/tmp/new/dir/f", "content", "x", "create_dirs",
                true))).statusCode());
        // A path through a file: Docker's 500 named the container's folder on the host (an outside audit's find).
        JsonNode throughFile = assertError(agent.post(route, json(Map.of("path", "/bin/busybox/x", "content", "x"))),
                409, "conflict");
        assertFalse(throughFile.toString().contains("overlay2"), throughFile.toString());
        assertError(agent.get("/agent/docker/files/read?container=" + container + "&path=/bin/busybox/x"), 404,
                "not_found");
        // The container's own /dev and /proc hide anything written beneath them.
        assertError(agent.post(route, json(Map.of("path", "/dev/null", "content", "x"))), 403, "forbidden");
        assertError(agent.post(route, json(Map.of("path", "/proc/x", "content", "x"))), 403, "forbidden");
        // So do links partway along the path that lead there; a link to an ordinary folder is followed.
        linksIn(container, "/tmp", Map.of("into-proc", "/proc", "into-dev", "../dev", "into-data", "data",
                "via-link", "/tmp/into-proc"));
        assertError(agent.post(route, json(Map.of("path", "/tmp/into-proc/x", "content", "x"))), 403,
                "forbidden");
        assertError(agent.post(route, json(Map.of("path", "/tmp/into-dev/sub/x", "content", "x", "create_dirs",
                true))), 403, "forbidden");
        assertError(agent.post(route, json(Map.of("path", "/tmp/via-link/x", "content", "x"))), 403, "forbidden");
        assertEquals(200, agent.post(route, json(Map.of("path", "/tmp/into-data/sub/f", "content", "linked",
                "create_dirs", true))).statusCode());
        assertEquals("linked", RunningAgent.json(agent.get("/agent/docker/files/read?container=" + container
                + "&path=/tmp/data/sub/f")).path("content").asText());
        // A stopped container too.
        String stopped = scope.create(scope.name("stopped"), Map.of(), c -> { }, "true");
        assertEquals(200, agent.post("/agent/docker/containers/" + stopped + "/files/write",
                json(Map.of("path", "/tmp/x", "content", "y"))).statusCode());
        assertEquals("y", RunningAgent.json(agent.get("/agent/docker/files/read?container=" + stopped
                + "&path=/tmp/x")).path("content").asText());
    }

    /**
     * Puts symbolic links (name to target) into a container's folder through Docker's archive API, unpacked at the
     * root, since Docker refuses a link that leads out of the folder it unpacks into.
     */
    private static void linksIn(String container, String folder, Map<String, String> links)
            throws java.io.IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(bytes)) {
            for (Map.Entry<String, String> link : links.entrySet()) {
                var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(
                        folder.substring(1) + "/" + link.getKey(),
                        org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK);
                entry.setLinkName(link.getValue());
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
        }
        scope.docker().copyArchiveToContainerCmd(container).withRemotePath("/")
                .withTarInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())).exec();
    }

    @Test
    void containerWritesExpectingOneMtimeAtOnceLetOneThrough() throws Exception {
        String route = "/agent/docker/containers/" + container + "/files/write";
        assertEquals(200, agent.post(route, json(Map.of("path", "/tmp/contended", "content", "first")))
                .statusCode());
        try (var callers = java.util.concurrent.Executors.newFixedThreadPool(12)) {
            for (int round = 0; round < 3; round++) {
                long mtime = RunningAgent.json(agent.get("/agent/docker/files/read?container=" + container
                        + "&path=/tmp/contended")).path("mtime").asLong();
                Thread.sleep(1100); // a later write gets a later mtime (Docker's archive keeps whole seconds)
                java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
                List<java.util.concurrent.Future<HttpResponse<String>>> writes = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    String body = json(Map.of("path", "/tmp/contended", "content", "writer " + i, "expected_mtime",
                            mtime));
                    writes.add(callers.submit(() -> {
                        go.await();
                        return agent.post(route, body);
                    }));
                }
                go.countDown();
                int written = 0;
                for (var w : writes) {
                    int status = w.get().statusCode();
                    assertTrue(status == 200 || status == 409, String.valueOf(status));
                    written += status == 200 ? 1 : 0;
                }
                // Two or three of ten got through before (an outside audit's find): each overwrote the last unseen.
                assertEquals(1, written, "round " + round);
            }
        }
    }

    @Test
    void aBooleanFieldTakesTrueOrFalseOnly() {
        // Micronaut read any string as false: {"dangling_only": "maybe"} pruned every unused image.
        JsonNode refused = assertError(agent.post("/agent/docker/files/write", json(Map.of("volume", volume,
                "path", "/strict/x.txt", "content", "x", "create_dirs", "yes"))), 400, "bad_request");
        assertTrue(refused.path("message").asText().contains("true or false"), refused.toString());
        assertFalse(Files.exists(mountpoint.resolve("strict")));
        // (Not tried on the prune route itself: were the check missing, the test would prune the engine's images.)
    }

    @Test
    void aTextFieldTakesAStringOrANumberNotAListOrAnObjectAndAModeOnlyAString() throws Exception {
        for (Object bad : List.of(List.of("/strict/y.txt"), Map.of("p", "/strict/y.txt"))) {
            JsonNode refused = assertError(agent.post("/agent/docker/files/write", json(Map.of("volume", volume,
                    "path", bad, "content", "x", "create_dirs", true))), 400, "bad_request");
            assertTrue(refused.path("message").asText().contains("a text field takes a string"), refused.toString());
        }
        assertFalse(Files.exists(mountpoint.resolve("strict")));
        // Numbers stay accepted, as JSON wrote them: servers send ports and values so. A mode is the exception:
        // 420 (0644 in decimal, as stat gives it) and 644 both occur, so a number is refused, not guessed.
        JsonNode numericMode = assertError(agent.post("/agent/docker/files/write", json(Map.of("volume", volume,
                "path", "/numbers.txt", "content", 8080, "mode", 420))), 400, "bad_request");
        assertTrue(numericMode.path("message").asText().contains("ambiguous"), numericMode.toString());
        assertFalse(Files.exists(mountpoint.resolve("numbers.txt")));
        assertEquals(200, agent.post("/agent/docker/files/write", json(Map.of("volume", volume, "path",
                "/numbers.txt", "content", 8080, "mode", "640"))).statusCode());
        assertEquals("8080", Files.readString(mountpoint.resolve("numbers.txt")));
        assertEquals("0640", RunningAgent.json(agent.get("/agent/docker/files/read?volume=" + volume
                + "&path=/numbers.txt")).path("mode").asText());
    }

    @Test
    void containerWritesKeepModeAndOwnerAndLinksAreFollowed() throws Exception {
        String c = scope.run(scope.name("perms"), Map.of(), "sh", "-c", "mkdir -p /app && echo secret > /app/key"
                + " && chmod 600 /app/key && chown 1000:1000 /app/key && ln -s key /app/link"
                + " && ln -s ../../../../app/key /app/deep && mkdir -m 700 /app/keep && ln -s /dev/null /app/null"
                + " && sleep 600");
        String read = "/agent/docker/files/read?container=" + c + "&path=";
        long deadline = System.currentTimeMillis() + 10_000;
        while (agent.get(read + "/app/deep").statusCode() != 200 && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        for (String link : List.of("/app/link", "/app/deep")) {
            JsonNode viaLink = RunningAgent.json(agent.get(read + link));
            assertEquals("secret\n", viaLink.path("content").asText(), link);
            assertEquals("0600", viaLink.path("mode").asText(), link);
        }
        long mtime = RunningAgent.json(agent.get(read + "/app/key")).path("mtime").asLong();
        assertTrue(mtime > 0);
        assertError(agent.post("/agent/docker/files/write", json(Map.of("container", c, "path", "/app/key",
                "content", "stale", "expected_mtime", mtime - 1000))), 409, "conflict");
        assertEquals(200, agent.post("/agent/docker/files/write", json(Map.of("container", c, "path", "/app/link",
                "content", "new", "expected_mtime", mtime))).statusCode());
        // A link into the container's /dev leads beneath its mount like the path itself.
        assertError(agent.post("/agent/docker/containers/" + c + "/files/write", json(Map.of("path", "/app/null",
                "content", "x"))), 403, "forbidden");
        // A link to a file used as a folder, and a read-only root file system: the container's state, not a
        // failure of Docker's (both were 502).
        assertError(agent.post("/agent/docker/containers/" + c + "/files/write", json(Map.of("path", "/app/link/x",
                "content", "x"))), 409, "conflict");
        String readOnly = scope.run(scope.name("readonly-root"), Map.of(),
                rc -> rc.getHostConfig().withReadonlyRootfs(true), "sleep", "600");
        JsonNode refused = assertError(agent.post("/agent/docker/containers/" + readOnly + "/files/write",
                json(Map.of("path", "/tmp/x", "content", "x"))), 409, "conflict");
        assertTrue(refused.path("message").asText().contains("read-only"), refused.toString());
        JsonNode key = RunningAgent.json(agent.get(read + "/app/key"));
        assertEquals("new", key.path("content").asText());
        assertEquals("0600", key.path("mode").asText(), "the replaced file's mode is kept");
        JsonNode listed = RunningAgent.json(agent.get("/agent/docker/files?container=" + c + "&path=/app"));
        for (JsonNode e : listed) {
            if (e.path("name").asText().equals("key")) {
                assertEquals("1000", e.path("owner").asText(), "and its owner");
            }
            if (e.path("name").asText().equals("link")) {
                assertTrue(e.path("is_symlink").asBoolean(), "the link is still a link");
            }
        }
        assertEquals("0700", modeOf(c, "/app", "keep"));
        assertError(agent.post("/agent/docker/files/write", json(Map.of("container", c, "path", "/app/keep/n/m/f.txt",
                "content", "deep"))), 404, "not_found");
        assertEquals(200, agent.post("/agent/docker/files/write", json(Map.of("container", c,
                "path", "/app/keep/n/m/f.txt", "content", "deep", "create_dirs", true))).statusCode());
        assertEquals("deep", RunningAgent.json(agent.get(read + "/app/keep/n/m/f.txt")).path("content").asText());
        assertEquals("0700", modeOf(c, "/app", "keep"), "an existing folder keeps its mode");
    }

    private static String modeOf(String container, String folder, String name) {
        for (JsonNode e : RunningAgent.json(agent.get("/agent/docker/files?container=" + container + "&path="
                + folder))) {
            if (e.path("name").asText().equals(name)) {
                return e.path("mode").asText();
            }
        }
        throw new AssertionError(name + " not listed in " + folder);
    }

    @Test
    void aContainerFileTooLargeToReadIsRefusedAtOnceAndALeftDownloadEndsItsReader() throws Exception {
        // 16 GiB that take no disk (a sparse file), but that Docker's tar sends whole: reading it to its end would
        // take the agent many seconds, so answering within a few means Docker's stream was dropped.
        String big = scope.run(scope.name("big"), Map.of(), "sh", "-c",
                "busybox dd if=/dev/zero of=/big bs=1M count=0 seek=16384");
        scope.awaitState(big, "exited", Duration.ofSeconds(30));
        long started = System.nanoTime();
        assertError(agent.get("/agent/docker/files/read?container=" + big + "&path=/big"), 413, "too_large");
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(5).toNanos(),
                "the refusal came after the first tar header, not after the whole file");
        HttpResponse<InputStream> download = agent.http().send(agent.authed(
                "/agent/docker/files/download?container=" + big + "&path=/big").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, download.statusCode());
        try (InputStream in = download.body()) {
            assertEquals(1024, in.readNBytes(1024).length);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (downloadReaders() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, downloadReaders(), "the download's reader ended when its client left");
    }

    private static long downloadReaders() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("download-tar")).count();
    }

    @Test
    void volumesAreListedWithTheirUsers() {
        JsonNode volumes = RunningAgent.json(agent.get("/agent/docker/volumes"));
        JsonNode mine = null;
        for (JsonNode v : volumes) {
            if (v.path("name").asText().equals(volume)) {
                mine = v;
            }
        }
        assertTrue(mine != null, volumes.toString());
        assertEquals("local", mine.path("driver").asText());
        assertEquals(mountpoint.toString(), mine.path("mountpoint").asText());
        assertEquals(scope.name("writer"), mine.path("in_use_by").get(0).asText());
        assertError(agent.get("/agent/docker/files?volume=no-such-volume-" + scope.id()), 404, "not_found");
    }

    @Test
    void filterHidesVolumesAndContainers() throws Exception {
        String label = "io.bollard.test.files-" + scope.id();
        String shown = scope.name("shown-vol");
        String used = scope.name("used-vol");
        Map<String, String> labels = new java.util.HashMap<>(scope.labels());
        labels.put(label, "x");
        scope.docker().createVolumeCmd().withName(shown).withLabels(labels).exec();
        scope.docker().createVolumeCmd().withName(used).withLabels(scope.labels()).exec();
        scope.run(scope.name("visible-user"), Map.of(label, "x"), c -> c.withHostConfig(HostConfig.newHostConfig()
                .withBinds(new Bind(used, new Volume("/u")))), "sleep", "600");
        try (RunningAgent filtered = RunningAgent.start(Map.of("DOCKER_FILTER", "label=" + label))) {
            assertEquals(200, filtered.get("/agent/docker/files?volume=" + shown).statusCode());
            assertEquals(200, filtered.get("/agent/docker/files?volume=" + used).statusCode());
            for (HttpResponse<String> r : List.of(
                    filtered.get("/agent/docker/files?volume=" + volume),
                    filtered.get("/agent/docker/files/read?volume=" + volume + "&path=/conf/app.conf"),
                    filtered.post("/agent/docker/files/write", json(Map.of("volume", volume, "path", "x",
                            "content", "x"))),
                    filtered.get("/agent/docker/files?container=" + container),
                    filtered.post("/agent/docker/containers/" + container + "/files/write",
                            json(Map.of("path", "/tmp/x", "content", "x"))))) {
                assertError(r, 404, "not_found");
            }
            String listed = filtered.get("/agent/docker/volumes").body();
            assertTrue(listed.contains(shown) && listed.contains(used), listed);
            assertFalse(listed.contains("\"" + volume + "\""), listed);
        }
    }

    @Test
    void readOnlyRefusesWrites() {
        try (RunningAgent ro = RunningAgent.start(Map.of("AGENT_FILES_READ_ONLY", "true"))) {
            assertEquals(200, ro.get("/agent/docker/files?volume=" + volume).statusCode());
            assertError(ro.post("/agent/docker/files/write", json(Map.of("volume", volume, "path", "x", "content", "x"))),
                    403, "read_only");
            assertError(ro.delete("/agent/docker/files?volume=" + volume + "&path=/conf&recursive=true"), 403,
                    "read_only");
            assertError(ro.post("/agent/docker/containers/" + container + "/files/write",
                    json(Map.of("path", "/tmp/x", "content", "x"))), 403, "read_only");
        }
    }

    private static HttpResponse<String> upload(Multipart form) {
        return agent.send(agent.authed("/agent/docker/files/upload").header("Content-Type", form.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes())).build());
    }

    private static String json(Map<String, Object> body) {
        try {
            return RunningAgent.JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitFile(Path p) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) && System.nanoTime() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
