package io.bollard.agent.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/** A client TLS context for tests that trusts exactly one server certificate (and checks host names, as clients do). */
public final class TrustingClient {

    private TrustingClient() {
    }

    /**
     * @param certificate the certificate to trust
     * @return a client context trusting it and nothing else
     * @throws Exception when the JDK cannot make the context
     */
    public static SSLContext of(X509Certificate certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("agent", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        return client;
    }
}
