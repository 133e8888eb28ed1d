package io.bollard.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Docker Engine the tests run against ({@code DOCKER_HOST}, or the local socket), and the busybox image they
 * use, made from the host's {@code busybox} binary with {@code docker import} when the engine lacks it.
 */
public final class TestDocker {

    /** The test image: busybox in an otherwise empty root. */
    public static final String BUSYBOX = "bollard-test/busybox:latest";

    private static final List<String> APPLETS = List.of("sh", "sleep", "echo", "cat", "ls", "printf", "true",
            "false", "env", "touch", "mkdir", "rm", "ln", "yes", "head", "seq", "wc", "test", "id", "date", "top",
            "hostname", "dd", "kill", "ps", "wget", "nc", "httpd");
    private static final List<Path> BUSYBOX_BINARIES = List.of(Path.of("/bin/busybox"), Path.of("/usr/bin/busybox"),
            Path.of("/usr/local/bin/busybox"));

    private static volatile DockerClient client;

    private TestDocker() {
    }

    /**
     * The endpoint the tests use.
     *
     * @return {@code DOCKER_HOST} or the default socket
     */
    public static String host() {
        String env = System.getenv("DOCKER_HOST");
        return env == null || env.isBlank() ? "unix:///var/run/docker.sock" : env;
    }

    /**
     * A shared client.
     *
     * @return the client
     */
    public static DockerClient client() {
        if (client == null) {
            synchronized (TestDocker.class) {
                if (client == null) {
                    client = client(host());
                }
            }
        }
        return client;
    }

    /**
     * A new client for an endpoint.
     *
     * @param host the endpoint
     * @return the client
     */
    public static DockerClient client(String host) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host).build();
        return DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(5))
                .build());
    }

    /**
     * Makes sure the busybox test image exists.
     *
     * @return its name
     */
    public static synchronized String busybox() {
        return busybox(client(), host());
    }

    /**
     * Makes sure the busybox test image exists on another engine.
     *
     * @param docker a client of that engine
     * @param host   its endpoint
     * @return the image's name
     */
    public static synchronized String busybox(DockerClient docker, String host) {
        try {
            docker.inspectImageCmd(BUSYBOX).exec();
            return BUSYBOX;
        } catch (NotFoundException missing) {
            // Made below.
        }
        Path binary = BUSYBOX_BINARIES.stream().filter(Files::isExecutable).findFirst().orElse(null);
        if (binary == null) {
            throw new IllegalStateException("No busybox binary to build " + BUSYBOX + " from; install busybox-static");
        }
        importImage(host, rootfs(binary), "bollard-test/busybox", "latest");
        return BUSYBOX;
    }

    /**
     * {@code docker import}: docker-java's createImageCmd sends a stream as JSON (docker-java issue 2377), so the
     * raw tar goes through its HTTP client.
     */
    private static void importImage(String host, byte[] rootfs, String repository, String tag) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host).build();
        try (ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).build()) {
            DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                    .method(DockerHttpClient.Request.Method.POST)
                    .path("/images/create?fromSrc=-&repo=" + repository + "&tag=" + tag)
                    .putHeader("Content-Type", "application/x-tar")
                    .bodyBytes(rootfs)
                    .build();
            try (DockerHttpClient.Response response = http.execute(request)) {
                String body = new String(response.getBody().readAllBytes());
                if (response.getStatusCode() != 200 || body.contains("\"error\"")) {
                    throw new IllegalStateException("docker import failed: " + response.getStatusCode() + " " + body);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] rootfs(Path busybox) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String dir : List.of("bin/", "tmp/", "etc/", "data/")) {
                TarArchiveEntry d = new TarArchiveEntry(dir);
                d.setMode(dir.equals("tmp/") ? 01777 : 0755);
                tar.putArchiveEntry(d);
                tar.closeArchiveEntry();
            }
            byte[] binary = Files.readAllBytes(busybox);
            TarArchiveEntry bin = new TarArchiveEntry("bin/busybox");
            bin.setSize(binary.length);
            bin.setMode(0755);
            tar.putArchiveEntry(bin);
            tar.write(binary);
            tar.closeArchiveEntry();
            for (String applet : APPLETS) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                tar.putArchiveEntry(link);
                tar.closeArchiveEntry();
            }
            byte[] passwd = "root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n".getBytes();
            TarArchiveEntry etc = new TarArchiveEntry("etc/passwd");
            etc.setSize(passwd.length);
            etc.setMode(0644);
            tar.putArchiveEntry(etc);
            tar.write(passwd);
            tar.closeArchiveEntry();
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Read only after close: the tar stream writes its last block then.
        return bytes.toByteArray();
    }
}
