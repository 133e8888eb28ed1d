package io.bollard.agent.tls;

import io.bollard.agent.config.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsSetupTest {

    @Test
    void contextServesTheCertificateFromMemoryAndFormerKeyStoresAreRemoved(@TempDir Path data) throws Exception {
        Path certs = Files.createDirectories(data.resolve("certs"));
        Path formerP12 = Files.writeString(certs.resolve("listener.p12"), "left by an earlier version");
        Path formerJks = Files.writeString(certs.resolve("listener.jks"), "left by an earlier version");

        TlsMaterial tls = TlsSetup.prepare(data, "bollard-test", null, null, null);

        assertFalse(Files.exists(formerP12));
        assertFalse(Files.exists(formerJks));
        try (var files = Files.list(certs)) {
            assertEquals(Set.of("agent-cert.pem", "agent-key.pem"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
                    "only the PEM files stay on disk; no key store copy of the key");
        }
        assertFalse(tls.clientCertificatesRequired());
        assertEquals(tls.certificate(), handshake(tls));
    }

    @Test
    void aCertificateMadeUnderAnotherMachineNameIsKeptButANewAgentHostnameRenewsIt(@TempDir Path data)
            throws Exception {
        // As in a re-created container: the same data volume, a new machine name (the container's id).
        Path certs = Files.createDirectories(data.resolve("certs"));
        Certificates.Issued earlier = Certificates.selfSigned(List.of("4f2a9c1e0b7d", "localhost"),
                List.of(InetAddress.getLoopbackAddress()), java.time.Duration.ofDays(365));
        Files.writeString(certs.resolve("agent-key.pem"), Certificates.pem(earlier.key()));
        Files.writeString(certs.resolve("agent-cert.pem"), Certificates.pem(earlier.chain().get(0)));

        assertEquals(earlier.chain().get(0), TlsSetup.prepare(data, null, null, null, null).certificate(),
                "the pinned certificate is kept");
        TlsMaterial named = TlsSetup.prepare(data, "edge-host-1", null, null, null);
        assertNotEquals(earlier.chain().get(0), named.certificate(), "a name the operator gives is served");
        assertTrue(Certificates.subjectAltNames(named.certificate()).contains("edge-host-1"));
        assertEquals(named.certificate(), TlsSetup.prepare(data, "edge-host-1", null, null, null).certificate(),
                "and kept from then on");
    }

    @Test
    void unreadableClientCaStopsStartupNamingIt(@TempDir Path data) throws Exception {
        Path notPem = Files.writeString(data.resolve("client-ca.pem"), "not a certificate");

        SettingsException e = assertThrows(SettingsException.class,
                () -> TlsSetup.prepare(data, "bollard-test", null, null, notPem));

        assertTrue(e.getMessage().startsWith("AGENT_TLS_CLIENT_CA: cannot read " + notPem), e.getMessage());
    }

    /** Connects to a listener on the material's context, trusting the served certificate; returns what it showed. */
    private static Certificate handshake(TlsMaterial tls) throws Exception {
        try (SSLServerSocket server = (SSLServerSocket) tls.context().getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) server.accept()) {
                    accepted.startHandshake();
                    accepted.getOutputStream().write('!');
                    accepted.getOutputStream().flush();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SSLContext client = TrustingClient.of(tls.certificate());
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                socket.startHandshake();
                assertEquals('!', socket.getInputStream().read());
                served.get(10, TimeUnit.SECONDS);
                Certificate[] shown = socket.getSession().getPeerCertificates();
                assertTrue(shown.length >= 1);
                return shown[0];
            }
        }
    }
}
