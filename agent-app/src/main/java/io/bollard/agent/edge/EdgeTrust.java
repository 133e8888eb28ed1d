package io.bollard.agent.edge;

import io.bollard.agent.tls.Certificates;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How the agent checks the edge server's certificate: the system's CAs, the CAs of {@code AGENT_EDGE_CA}, or
 * exactly one certificate pinned by {@code AGENT_EDGE_SERVER_FINGERPRINT}. A server that fails the check fails
 * the TLS handshake, so it never sees a request, a result or even the agent's token.
 */
final class EdgeTrust {

    private EdgeTrust() {
    }

    /**
     * The TLS context for the tunnel.
     *
     * @param ca          a PEM file of CA certificates, or null
     * @param fingerprint a pinned SHA-256 fingerprint ({@code AB:CD:...}), or null
     * @return the context; the system's default when neither is given
     */
    static SSLContext context(Path ca, String fingerprint) {
        try {
            if (fingerprint != null) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[]{new PinnedServer(fingerprint)}, null);
                return context;
            }
            if (ca != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                List<X509Certificate> cas = Certificates.readCertificates(ca);
                for (int i = 0; i < cas.size(); i++) {
                    trust.setCertificateEntry("ca-" + i, cas.get(i));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                return context;
            }
            return SSLContext.getDefault();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read AGENT_EDGE_CA " + ca, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS for the edge server: " + e.getMessage(), e);
        }
    }

    /**
     * Trusts the one server certificate with the pinned fingerprint, whatever its issuer or names: the pin is the
     * identity. An extended trust manager, so the JDK adds no host name check of its own on top.
     */
    static final class PinnedServer extends X509ExtendedTrustManager {

        private final String fingerprint;

        PinnedServer(String fingerprint) {
            this.fingerprint = fingerprint;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the edge server presented no certificate");
            }
            String presented = Certificates.fingerprint(chain[0]);
            if (!presented.equals(fingerprint)) {
                throw new CertificateException("the edge server's certificate " + presented
                        + " is not the pinned AGENT_EDGE_SERVER_FINGERPRINT " + fingerprint);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the agent is not a TLS server here");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
