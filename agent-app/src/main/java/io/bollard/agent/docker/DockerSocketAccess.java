package io.bollard.agent.docker;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Says why the agent cannot use Docker's unix socket, in words an operator can act on: the socket is not mounted,
 * or the agent's user (uid 1000 in the image) is not in the socket's group. Docker's client only reports that the
 * engine is not reachable.
 */
public final class DockerSocketAccess {

    private DockerSocketAccess() {
    }

    /**
     * The problem with a unix socket endpoint, if any.
     *
     * @param dockerHost the endpoint, such as {@code unix:///var/run/docker.sock}
     * @return what is wrong and what to do; empty for a usable socket or a TCP endpoint
     */
    public static Optional<String> problem(String dockerHost) {
        URI uri;
        try {
            uri = URI.create(dockerHost);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!"unix".equals(uri.getScheme()) || uri.getPath() == null) {
            return Optional.empty();
        }
        Path socket = Path.of(uri.getPath());
        if (!Files.exists(socket)) {
            return Optional.of("there is no Docker socket at " + socket + ": mount it (docker run -v " + socket + ":"
                    + socket + ")");
        }
        if (Files.isDirectory(socket) || Files.isRegularFile(socket)) {
            // Docker makes a folder where a bind mount's source is missing: the socket was not there to mount.
            return Optional.of(socket + " is a " + (Files.isDirectory(socket) ? "folder" : "file")
                    + ", not Docker's socket: mount the socket itself (docker run -v /var/run/docker.sock:" + socket
                    + ")");
        }
        if (Files.isReadable(socket) && Files.isWritable(socket)) {
            return Optional.empty();
        }
        return Optional.of("this agent (uid " + attribute(Path.of("/proc/self"), "unix:uid") + ") may not use the "
                + "Docker socket " + socket + " (group " + attribute(socket, "unix:gid") + "): add that group "
                + "(docker run --group-add $(stat -c %g " + socket + "), group_add in Compose)");
    }

    private static String attribute(Path path, String name) {
        try {
            return String.valueOf(Files.getAttribute(path, name));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "?";
        }
    }
}
