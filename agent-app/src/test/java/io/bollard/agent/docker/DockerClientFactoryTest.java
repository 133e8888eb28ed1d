package io.bollard.agent.docker;

import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import io.bollard.agent.tls.TlsMaterial;
import io.bollard.agent.tls.TlsSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which TLS context docker-java's transport gets for each kind of {@code DOCKER_HOST}. */
class DockerClientFactoryTest {

    private static DockerClientConfig config(String host) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).withDockerTlsVerify(false)
                .build();
    }

    @Test
    void tcpGetsNoContextSoItStaysPlainHttp() {
        assertNull(DockerClientFactory.sslConfig(config("tcp://127.0.0.1:2375")));
    }

    @Test
    void aUnixSocketGetsItsOwnContextWhichRefusesAnyServer(@TempDir Path data) throws Exception {
        assertSame(DockerClientFactory.UNIX_SOCKET_TLS,
                DockerClientFactory.sslConfig(config("unix:///var/run/docker.sock")));
        // Were it ever used, it would refuse the server (it trusts no certificate): here one of the agent's making.
        TlsMaterial server = TlsSetup.prepare(data, "localhost", null, null, null);
        try (SSLServerSocket listener = (SSLServerSocket) server.context().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread accepting = Thread.ofPlatform().start(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                } catch (IOException refused) {
                    // The client gives up on the certificate.
                }
            });
            try (SSLSocket client = (SSLSocket) DockerClientFactory.UNIX_SOCKET_TLS.getSSLContext().getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
                assertThrows(SSLHandshakeException.class, client::startHandshake);
            }
            accepting.join(5_000);
        }
    }
}
