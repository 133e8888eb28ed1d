package io.bollard.agent.tls;

import io.micronaut.http.ssl.ServerSslConfiguration;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreparedSslBuilderTest {

    @Test
    void clientCertificatesAreRequiredExactlyWithMutualTls(@TempDir Path data) {
        TlsMaterial plain = TlsSetup.prepare(data, "bollard-test", null, null, null);
        // Any certificate will do as the client CA here; the agent's own is at hand.
        TlsMaterial mutual = TlsSetup.prepare(data, "bollard-test", null, null, plain.certificateFile());

        SSLEngine plainEngine = engine(plain, new ServerSslConfiguration());
        SSLEngine mutualEngine = engine(mutual, new ServerSslConfiguration());

        assertFalse(plainEngine.getUseClientMode());
        assertFalse(plainEngine.getNeedClientAuth());
        assertFalse(plainEngine.getWantClientAuth());
        assertTrue(mutualEngine.getNeedClientAuth());
    }

    @Test
    void protocolsAreTls13And12UnlessConfigured(@TempDir Path data) {
        TlsMaterial tls = TlsSetup.prepare(data, "bollard-test", null, null, null);
        ServerSslConfiguration onlyTls13 = new ServerSslConfiguration();
        onlyTls13.setProtocols(new String[] {"TLSv1.3"});

        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"},
                engine(tls, new ServerSslConfiguration()).getEnabledProtocols());
        assertArrayEquals(new String[] {"TLSv1.3"}, engine(tls, onlyTls13).getEnabledProtocols());
    }

    @Test
    void cipherSuitesAreForwardSecretAeadOnesUnlessConfigured(@TempDir Path data) {
        TlsMaterial tls = TlsSetup.prepare(data, "bollard-test", null, null, null);
        ServerSslConfiguration configured = new ServerSslConfiguration();
        configured.setCiphers(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_NOT_A_SUITE",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"});

        List<String> defaults = List.of(engine(tls, new ServerSslConfiguration()).getEnabledCipherSuites());

        assertTrue(defaults.contains("TLS_AES_256_GCM_SHA384"), "defaults: " + defaults);
        assertEquals("TLS_AES_128_GCM_SHA256", defaults.get(0), "the cheaper of the AES suites first");
        assertTrue(defaults.contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), "defaults: " + defaults);
        assertTrue(PreparedSslContext.DEFAULT_CIPHER_SUITES.containsAll(defaults), "defaults: " + defaults);
        assertFalse(defaults.stream().anyMatch(s -> s.contains("CBC") || s.startsWith("TLS_RSA_")),
                "defaults: " + defaults);
        // A name the JDK does not know is left out rather than failing every handshake.
        assertArrayEquals(new String[] {"TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
                engine(tls, configured).getEnabledCipherSuites());
    }

    @Test
    void engineCompletesAHandshakeWithAClientThatTrustsTheAgent(@TempDir Path data) throws Exception {
        TlsMaterial tls = TlsSetup.prepare(data, "bollard-test", null, null, null);
        SSLEngine server = engine(tls, new ServerSslConfiguration());
        SSLEngine client = trustingClient(tls);

        handshake(client, server);

        assertEquals("TLSv1.3", server.getSession().getProtocol());
        assertEquals(tls.certificate(), client.getSession().getPeerCertificates()[0]);
    }

    @Test
    void theAgentsSuiteOrderWinsOverTheClients(@TempDir Path data) throws Exception {
        TlsMaterial tls = TlsSetup.prepare(data, "bollard-test", null, null, null);
        SSLEngine server = engine(tls, new ServerSslConfiguration());
        SSLEngine client = trustingClient(tls);
        // A client that would rather have AES-256, as the JDK's and OpenSSL's clients do.
        client.setEnabledCipherSuites(new String[] {"TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"});

        handshake(client, server);

        assertEquals("TLS_AES_128_GCM_SHA256", server.getSession().getCipherSuite());
        assertEquals(PreparedSslContext.DEFAULT_CIPHER_SUITES.get(0), server.getSession().getCipherSuite());
    }

    private static SSLEngine trustingClient(TlsMaterial tls) throws Exception {
        SSLEngine client = TrustingClient.of(tls.certificate()).createSSLEngine("localhost", 7007);
        client.setUseClientMode(true);
        return client;
    }

    private static SSLEngine engine(TlsMaterial tls, ServerSslConfiguration configuration) {
        return new PreparedSslBuilder(configuration, tls).build().orElseThrow().newEngine(ByteBufAllocator.DEFAULT);
    }

    /** Runs both engines' handshakes in memory until both are done (or fails after too many rounds). */
    private static void handshake(SSLEngine client, SSLEngine server) throws SSLException {
        int size = Math.max(client.getSession().getPacketBufferSize(), server.getSession().getPacketBufferSize());
        ByteBuffer toServer = ByteBuffer.allocate(size * 4);
        ByteBuffer toClient = ByteBuffer.allocate(size * 4);
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer sink = ByteBuffer.allocate(size * 4);
        client.beginHandshake();
        server.beginHandshake();
        for (int round = 0; round < 100; round++) {
            step(client, empty, toServer, toClient, sink);
            step(server, empty, toClient, toServer, sink);
            if (done(client) && done(server)) {
                return;
            }
        }
        throw new AssertionError("handshake did not finish: client " + client.getHandshakeStatus() + ", server "
                + server.getHandshakeStatus());
    }

    private static void step(SSLEngine engine, ByteBuffer empty, ByteBuffer out, ByteBuffer in, ByteBuffer sink)
            throws SSLException {
        HandshakeStatus status = engine.getHandshakeStatus();
        while (status == HandshakeStatus.NEED_TASK) {
            engine.getDelegatedTask().run();
            status = engine.getHandshakeStatus();
        }
        if (status == HandshakeStatus.NEED_WRAP) {
            engine.wrap(empty, out);
        } else if (status == HandshakeStatus.NEED_UNWRAP) {
            in.flip();
            engine.unwrap(in, sink);
            in.compact();
            sink.clear();
        }
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.FINISHED || status == HandshakeStatus.NOT_HANDSHAKING;
    }
}
