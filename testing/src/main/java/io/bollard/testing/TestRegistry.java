package io.bollard.testing;

import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real image registry on loopback (Debian's {@code docker-registry}), with its own storage, optionally behind
 * htpasswd authentication. Docker treats 127.0.0.1 registries as insecure, so no TLS is needed.
 */
public final class TestRegistry implements AutoCloseable {

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
