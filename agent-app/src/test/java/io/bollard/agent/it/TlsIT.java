package io.bollard.agent.it;

import io.bollard.agent.config.SettingsException;
import io.bollard.agent.tls.Certificates;
import io.bollard.agent.tls.TlsSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS by default with a pinned self-signed certificate, the operator's own certificates, mTLS, and plain HTTP
 * when asked for.
 */
class TlsIT {

    @TempDir
    Path work;

    @Test
    void selfSignedCertificateIsPinnedByFingerprintAndKept() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        String fingerprint;
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_DATA_DIR", data.toString()))) {
            fingerprint = RunningAgent.json(agent.get("/agent/info")).path("tls_fingerprint").asText();
            X509Certificate served = Certificates.readCertificates(data.resolve("certs/" + TlsSetup.CERT_FILE)).get(0);
            assertEquals(Certificates.fingerprint(served), fingerprint);
            assertEquals("SHA256withECDSA", served.getSigAlgName());
            long days = Duration.between(Instant.now(), served.getNotAfter().toInstant()).toDays();
            assertTrue(days >= 364 && days <= 365, "valid a year: " + days);
            assertTrue(Certificates.subjectAltNames(served).contains("127.0.0.1"));
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(data.resolve("certs/agent-key.pem"))));

            assertEquals(200, ping(agent, TestPki.pinning(fingerprint)));
            String other = fingerprint.replaceFirst("^..", fingerprint.startsWith("00") ? "11" : "00");
            assertThrows(IOException.class, () -> ping(agent, TestPki.pinning(other)));
        }
        try (RunningAgent again = RunningAgent.start(Map.of("AGENT_DATA_DIR", data.toString()))) {
            assertEquals(fingerprint, RunningAgent.json(again.get("/agent/info")).path("tls_fingerprint").asText(),
                    "the same certificate after a restart");
        }
    }

    @Test
    void certificateCloseToExpiryIsRenewedAtStartup() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        Path certs = Files.createDirectories(data.resolve("certs"));
        Certificates.Issued old = TestPki.server(Instant.now().minus(Duration.ofDays(350)), Duration.ofDays(360));
        TestPki.writePem(certs.resolve("agent-cert.pem"), old.chain().get(0));
        TestPki.writePem(certs.resolve("agent-key.pem"), old.key());
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_DATA_DIR", data.toString()))) {
            String fingerprint = RunningAgent.json(agent.get("/agent/info")).path("tls_fingerprint").asText();
            assertNotEquals(Certificates.fingerprint(old.chain().get(0)), fingerprint);
            X509Certificate renewed = Certificates.readCertificates(certs.resolve("agent-cert.pem")).get(0);
            assertTrue(renewed.getNotAfter().toInstant().isAfter(Instant.now().plus(Duration.ofDays(300))));
        }
    }

    @Test
    void operatorCertificateIsUsedAsGiven() throws Exception {
        Certificates.Issued own = TestPki.server(Instant.now().minusSeconds(60), Duration.ofDays(90));
        Path cert = work.resolve("cert.pem");
        Path key = work.resolve("key.pem");
        TestPki.writePem(cert, own.chain().get(0));
        TestPki.writePem(key, own.key());
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_TLS_CERT", cert.toString(),
                "AGENT_TLS_KEY", key.toString()))) {
            assertEquals(Certificates.fingerprint(own.chain().get(0)),
                    RunningAgent.json(agent.get("/agent/info")).path("tls_fingerprint").asText());
            assertEquals(200, ping(agent, RunningAgent.trusting(cert)));
            assertTrue(Files.notExists(agent.dataDir().resolve("certs/agent-cert.pem")), "no certificate of its own");
        }
    }

    @Test
    void expiredOrMismatchedCertificatesStopStartup() throws Exception {
        Certificates.Issued expired = TestPki.server(Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(5));
        Certificates.Issued other = TestPki.server(Instant.now().minusSeconds(60), Duration.ofDays(90));
        Path cert = work.resolve("expired.pem");
        Path key = work.resolve("expired-key.pem");
        Path otherKey = work.resolve("other-key.pem");
        TestPki.writePem(cert, expired.chain().get(0));
        TestPki.writePem(key, expired.key());
        TestPki.writePem(otherKey, other.key());
        SettingsException e = assertThrows(SettingsException.class, () -> RunningAgent.start(Map.of(
                "AGENT_TLS_CERT", cert.toString(), "AGENT_TLS_KEY", key.toString())));
        assertTrue(e.getMessage().startsWith("AGENT_TLS_CERT: " + cert + " expired"), e.getMessage());

        Path goodCert = work.resolve("good.pem");
        TestPki.writePem(goodCert, other.chain().get(0));
        e = assertThrows(SettingsException.class, () -> RunningAgent.start(Map.of(
                "AGENT_TLS_CERT", goodCert.toString(), "AGENT_TLS_KEY", key.toString())));
        assertTrue(e.getMessage().startsWith("AGENT_TLS_KEY: " + key + " is not the key"), e.getMessage());

        Path garbage = Files.writeString(work.resolve("garbage.pem"), "not a certificate");
        e = assertThrows(SettingsException.class, () -> RunningAgent.start(Map.of(
                "AGENT_TLS_CERT", garbage.toString(), "AGENT_TLS_KEY", key.toString())));
        assertTrue(e.getMessage().startsWith("AGENT_TLS_CERT: cannot read " + garbage), e.getMessage());
        e = assertThrows(SettingsException.class, () -> RunningAgent.start(Map.of(
                "AGENT_TLS_CERT", work.resolve("missing.pem").toString(), "AGENT_TLS_KEY", key.toString())));
        assertTrue(e.getMessage().startsWith("AGENT_TLS_CERT: cannot read"), e.getMessage());
    }

    @Test
    void mutualTlsNeedsAClientCertificateFromTheCa() throws Exception {
        TestPki.Pair ca = TestPki.ca("bollard test CA");
        TestPki.Pair otherCa = TestPki.ca("someone else");
        Path caFile = work.resolve("ca.pem");
        TestPki.writePem(caFile, ca.cert());
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_TLS_CLIENT_CA", caFile.toString()))) {
            Path served = agent.dataDir().resolve("certs/" + TlsSetup.CERT_FILE);
            assertEquals(200, ping(agent, TestPki.withClientCertificate(served, TestPki.client(ca, "server-1"))));
            assertThrows(IOException.class, () -> ping(agent, RunningAgent.trusting(served)), "no client certificate");
            assertThrows(IOException.class, () -> ping(agent,
                    TestPki.withClientCertificate(served, TestPki.client(otherCa, "intruder"))), "another CA");
        }
    }

    @Test
    void listenerSpeaksTls12And13WithAeadSuitesOnly() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"));
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_DATA_DIR", data.toString()))) {
            SSLContext pinned = TestPki.pinning(
                    RunningAgent.json(agent.get("/agent/info")).path("tls_fingerprint").asText());

            assertEquals("TLSv1.3", handshake(agent, pinned, "TLSv1.3", "TLS_AES_128_GCM_SHA256"));
            assertEquals("TLSv1.2",
                    handshake(agent, pinned, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
            assertThrows(SSLHandshakeException.class,
                    () -> handshake(agent, pinned, "TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"));
        }
    }

    /** Handshakes with one protocol and one cipher suite offered; returns the protocol the session has. */
    private static String handshake(RunningAgent agent, SSLContext tls, String protocol, String suite)
            throws IOException {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", agent.port())) {
            socket.setSoTimeout(5_000);
            assertTrue(java.util.List.of(socket.getSupportedCipherSuites()).contains(suite),
                    "the client can offer " + suite);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    @Test
    void plainHttpWhenTlsIsOff() {
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_TLS", "false"))) {
            assertTrue(agent.uri("/").toString().startsWith("http://"));
            var info = RunningAgent.json(agent.get("/agent/info"));
            assertTrue(info.path("tls_fingerprint").isMissingNode(), info.toString());
        }
    }

    private static int ping(RunningAgent agent, SSLContext tls) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + agent.port()
                + "/agent/ping")).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
