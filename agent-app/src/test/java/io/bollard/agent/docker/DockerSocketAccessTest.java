package io.bollard.agent.docker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DockerSocketAccessTest {

    @Test
    void aMissingSocketIsNamedWithTheMountThatFixesIt(@TempDir Path dir) {
        Path socket = dir.resolve("docker.sock");
        assertEquals(Optional.of("there is no Docker socket at " + socket + ": mount it (docker run -v " + socket
                + ":" + socket + ")"), DockerSocketAccess.problem("unix://" + socket));
    }

    @Test
    void aFolderWhereTheSocketShouldBeIsNamedAsSuch(@TempDir Path dir) throws Exception {
        Path socket = Files.createDirectory(dir.resolve("docker.sock"));
        assertEquals(Optional.of(socket + " is a folder, not Docker's socket: mount the socket itself (docker run -v "
                + "/var/run/docker.sock:" + socket + ")"), DockerSocketAccess.problem("unix://" + socket));
    }

    @Test
    void theEnginesSocketAndTcpEndpointsHaveNoProblem() {
        // Tests run as root or with the socket's group: the engine's socket is usable.
        assertEquals(Optional.empty(), DockerSocketAccess.problem("unix:///var/run/docker.sock"));
        assertEquals(Optional.empty(), DockerSocketAccess.problem("tcp://127.0.0.1:2375"));
    }
}
