package io.bollard.agent.tls;

import io.micronaut.http.ssl.ServerSslConfiguration;
import io.netty.buffer.ByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLEngine;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

        assertFalse(plainEngine.getNeedClientAuth());
        assertFalse(plainEngine.getWantClientAuth());
        assertTrue(mutualEngine.getNeedClientAuth());
    }

    @Test
    void protocolsAreNettysDefaultsUnlessConfigured(@TempDir Path data) {
        TlsMaterial tls = TlsSetup.prepare(data, "bollard-test", null, null, null);
        ServerSslConfiguration onlyTls13 = new ServerSslConfiguration();
        onlyTls13.setProtocols(new String[] {"TLSv1.3"});

        List<String> defaults = List.of(engine(tls, new ServerSslConfiguration()).getEnabledProtocols());

        assertTrue(defaults.containsAll(List.of("TLSv1.3", "TLSv1.2")), "defaults: " + defaults);
        assertFalse(defaults.contains("TLSv1.1") || defaults.contains("TLSv1"), "defaults: " + defaults);
        assertArrayEquals(new String[] {"TLSv1.3"}, engine(tls, onlyTls13).getEnabledProtocols());
    }

    private static SSLEngine engine(TlsMaterial tls, ServerSslConfiguration configuration) {
        return new PreparedSslBuilder(configuration, tls).build().orElseThrow().newEngine(ByteBufAllocator.DEFAULT);
    }
}
