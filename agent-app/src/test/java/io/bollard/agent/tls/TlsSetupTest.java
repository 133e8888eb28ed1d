package io.bollard.agent.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsSetupTest {

    @Test
    void listenerStoreHoldsTheServedKeyAndCertificateAndReplacesFormerStores(@TempDir Path data) throws Exception {
        Path certs = Files.createDirectories(data.resolve("certs"));
        Path former = Files.writeString(certs.resolve("listener.p12"), "left by an earlier version");

        TlsMaterial tls = TlsSetup.prepare(data, "bollard-test", null, null, null);

        assertFalse(Files.exists(former));
        assertEquals(certs.resolve(TlsSetup.KEY_STORE), tls.keyStore());
        KeyStore store = KeyStore.getInstance(TlsSetup.STORE_TYPE);
        try (InputStream in = Files.newInputStream(tls.keyStore())) {
            store.load(in, tls.keyStorePassword().toCharArray());
        }
        assertEquals(1, store.size());
        String alias = store.aliases().nextElement();
        assertInstanceOf(PrivateKey.class, store.getKey(alias, tls.keyStorePassword().toCharArray()));
        X509Certificate served = (X509Certificate) store.getCertificate(alias);
        assertEquals(tls.certificate(), served);
        assertTrue(Certificates.pairs((PrivateKey) store.getKey(alias, tls.keyStorePassword().toCharArray()), served));
    }
}
