package io.bollard.testing;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * A real image registry on loopback (Debian's {@code docker-registry}), with its own storage, optionally behind
 * htpasswd authentication. Docker treats 127.0.0.1 registries as insecure, so no TLS is needed.
 */
public final class TestRegistry implements AutoCloseable {

    private static final String MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final String MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private final Path dir;
    private final int port;
    private final Process process;

    private TestRegistry(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /**
     * Whether the registry binary is installed.
     *
     * @return true when {@code docker-registry} is on this machine
     */
    public static boolean available() {
        return binary() != null;
    }

    /**
     * Starts a registry without authentication.
     *
     * @return the registry
     */
    public static TestRegistry start() {
        return start(null, null);
    }

    /**
     * Starts a registry; with a user, every request needs that user's basic credentials.
     *
     * @param user     the user, or null for an open registry
     * @param password the user's password
     * @return the registry
     */
    public static TestRegistry start(String user, String password) {
        try {
            Path dir = Files.createTempDirectory("bollard-registry");
            int port = freePort();
            StringBuilder config = new StringBuilder("""
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                      delete:
                        enabled: true
                    http:
                      addr: 127.0.0.1:%d
                    """.formatted(dir.resolve("data"), port));
            if (user != null) {
                byte[] salt = new byte[16];
                new SecureRandom().nextBytes(salt);
                String hash = OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 6);
                Files.writeString(dir.resolve("htpasswd"), user + ":" + hash + "\n", StandardCharsets.UTF_8);
                config.append("""
                        auth:
                          htpasswd:
                            realm: bollard-test
                            path: %s
                        """.formatted(dir.resolve("htpasswd")));
            }
            Path configFile = dir.resolve("config.yml");
            Files.writeString(configFile, config.toString());
            Process process = new ProcessBuilder(List.of(binary().toString(), "serve", configFile.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("registry.log").toFile())
                    .start();
            TestRegistry registry = new TestRegistry(dir, port, process);
            registry.awaitUp();
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return {@code 127.0.0.1:port}, the registry part of image references */
    public String address() {
        return "127.0.0.1:" + port;
    }

    private void awaitUp() {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < end) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://" + address() + "/v2/").toURL()
                        .openConnection();
                c.setConnectTimeout(500);
                int status = c.getResponseCode();
                if (status == 200 || status == 401) {
                    return;
                }
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("registry exited: see " + dir.resolve("registry.log"));
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("registry did not answer: see " + dir.resolve("registry.log"));
    }

    /**
     * Publishes {@code repository:tag} as a manifest list with one small image per architecture (Linux), each
     * holding {@code /arch} with its architecture's name, through the registry's HTTP API, as a multi-platform
     * build would: no engine here can build for another platform. Needs an open registry (no credentials).
     *
     * @param repository  the repository, without the registry's address
     * @param tag         the list's tag
     * @param archs       the architectures, such as {@code amd64} and {@code arm64}
     */
    public void publishMultiPlatform(String repository, String tag, String... archs) {
        try {
            StringBuilder entries = new StringBuilder();
            for (String arch : archs) {
                byte[] tar = tarOfOneFile("arch", arch + "\n");
                byte[] layer = gzip(tar);
                String layerDigest = uploadBlob(repository, layer);
                byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{},"
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + digest(tar) + "\"]}}")
                        .getBytes(StandardCharsets.UTF_8);
                String configDigest = uploadBlob(repository, config);
                byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\","
                        + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                        + config.length + ",\"digest\":\"" + configDigest + "\"},"
                        + "\"layers\":[{\"mediaType\":\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":"
                        + layer.length + ",\"digest\":\"" + layerDigest + "\"}]}").getBytes(StandardCharsets.UTF_8);
                putManifest(repository, tag + "-" + arch, MANIFEST, manifest);
                entries.append(entries.isEmpty() ? "" : ",").append("{\"mediaType\":\"").append(MANIFEST)
                        .append("\",\"size\":").append(manifest.length).append(",\"digest\":\"")
                        .append(digest(manifest)).append("\",\"platform\":{\"architecture\":\"").append(arch)
                        .append("\",\"os\":\"linux\"}}");
            }
            String list = "{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST_LIST + "\",\"manifests\":["
                    + entries + "]}";
            putManifest(repository, tag, MANIFEST_LIST, list.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String uploadBlob(String repository, byte[] blob) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(
                        URI.create("http://" + address() + "/v2/" + repository + "/blobs/uploads/"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        String location = started.headers().firstValue("Location")
                .orElseThrow(() -> new IOException("no upload location: " + started.statusCode() + " " + started.body()));
        URI upload = URI.create("http://" + address()).resolve(location);
        String digest = digest(blob);
        URI put = URI.create(upload + (upload.getQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<String> done = http.send(HttpRequest.newBuilder(put)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 201) {
            throw new IOException("blob upload: " + done.statusCode() + " " + done.body());
        }
        return digest;
    }

    private void putManifest(String repository, String reference, String mediaType, byte[] manifest)
            throws IOException, InterruptedException {
        HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + address() + "/v2/" + repository + "/manifests/" + reference))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 201) {
            throw new IOException("manifest " + reference + ": " + put.statusCode() + " " + put.body());
        }
    }

    private static byte[] tarOfOneFile(String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(data.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static String digest(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp folder is harmless.
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path binary() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "docker-registry");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
