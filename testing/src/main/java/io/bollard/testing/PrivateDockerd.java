package io.bollard.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Docker daemon of the test's own, on its own socket and data folder, that a test may stop and start again
 * without touching the engine anything else uses. It runs in a network namespace of its own ({@code unshare
 * --net}), because a second daemon in the host's namespace takes the other one's {@code docker0} bridge away.
 * Needs root, {@code dockerd} and {@code unshare}.
 */
public final class PrivateDockerd implements AutoCloseable {

    private final Path dir;
    private Process process;

    private PrivateDockerd(Path dir) {
        this.dir = dir;
    }

    /**
     * Whether this machine can run one.
     *
     * @return true when running as root with dockerd installed
     */
    public static boolean possible() {
        return "root".equals(System.getProperty("user.name")) && binary("dockerd") != null
                && binary("unshare") != null;
    }

    /**
     * Starts a daemon and waits until it answers.
     *
     * @return the daemon
     */
    public static PrivateDockerd start() {
        try {
            PrivateDockerd d = new PrivateDockerd(Files.createTempDirectory(Path.of("/tmp"), "bd-"));
            d.startAgain();
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return its endpoint, {@code unix:///...} */
    public String host() {
        return "unix://" + dir.resolve("docker.sock");
    }

    /** Starts it (again) and waits until it answers ping. */
    public void startAgain() {
        try {
            process = new ProcessBuilder(List.of(binary("unshare").toString(), "--net", "--",
                    binary("dockerd").toString(),
                    "--data-root", dir.resolve("data").toString(),
                    "--exec-root", dir.resolve("exec").toString(),
                    "--pidfile", dir.resolve("dockerd.pid").toString(),
                    "--host", host(),
                    "--bridge", "none", "--iptables=false", "--ip-masq=false"))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("dockerd.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var client = TestDocker.client(host());
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < end) {
            try {
                client.pingCmd().exec();
                return;
            } catch (RuntimeException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("private dockerd exited: see " + dir.resolve("dockerd.log"));
                }
                sleep(200);
            }
        }
        throw new IllegalStateException("private dockerd did not answer: see " + dir.resolve("dockerd.log"));
    }

    /** Freezes it (SIGSTOP): its socket takes connections and never answers, as a hung engine's does. */
    public void freeze() {
        signal("-STOP");
    }

    /** Lets a frozen daemon go on (SIGCONT). */
    public void thaw() {
        signal("-CONT");
    }

    private void signal(String which) {
        try {
            String pid = Files.readString(dir.resolve("dockerd.pid")).strip();
            if (new ProcessBuilder("kill", which, pid).inheritIO().start().waitFor() != 0) {
                throw new IllegalStateException("kill " + which + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops it, as {@code systemctl stop docker} would, and waits until it is gone. */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try (var files = Files.walk(dir)) {
            // The data root holds overlay mounts only while running; after stop it is plain files.
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A leftover temp folder is harmless.
        }
    }

    private static Path binary(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/usr/bin:/sbin:/bin";
        for (String dir : path.split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
