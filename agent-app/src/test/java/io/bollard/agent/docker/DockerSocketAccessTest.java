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
    void aUsableSocketAndTcpEndpointsHaveNoProblem(@TempDir Path dir) throws Exception {
        // The engine's own socket is what the tests use; a file the agent may read and write stands for any other.
        Path socket = Files.createFile(dir.resolve("docker.sock"));
        assertEquals(Optional.empty(), DockerSocketAccess.problem("unix://" + socket));
        assertEquals(Optional.empty(), DockerSocketAccess.problem("tcp://127.0.0.1:2375"));
    }
}
