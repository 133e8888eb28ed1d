package io.bollard.agent.health;

import io.bollard.agent.tls.Certificates;
import io.bollard.agent.web.PingController;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * Calls {@code /agent/ping} on the agent's own listener and words the verdict as the health check prints it:
 * healthy when the agent and Docker answer (and, in edge mode, the tunnel to the server is up or only briefly down).
 */
public final class PingProbe {

    private static final int TIMEOUT_MILLIS = 5_000;

    private PingProbe() {
    }

    /**
     * A probe's result.
     *
     * @param healthy whether the agent and Docker answered
     * @param line    the line the health check prints, starting with {@code healthy} or {@code unhealthy}
     */
    public record Verdict(boolean healthy, String line) {
    }

    /**
     * Probes the listener.
     *
     * @param url     the listener's ping address
     * @param context for HTTPS: the context that trusts the served certificate (and presents a client one); null
     *                for plain HTTP
     * @return the verdict
     */
    public static Verdict call(String url, SSLContext context) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            if (c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(context.getSocketFactory());
                // The certificate itself is pinned, so the name it was issued for does not matter here.
                https.setHostnameVerifier((host, session) -> true);
            }
            c.setConnectTimeout(TIMEOUT_MILLIS);
            c.setReadTimeout(TIMEOUT_MILLIS);
            int status = c.getResponseCode();
            String body = read(status < 400 ? c.getInputStream() : c.getErrorStream());
            if (status == 200) {
                return new Verdict(true, "healthy: the agent and Docker answer");
            }
            if (body.contains("\"" + PingController.EDGE_DISCONNECTED + "\"")) {
                return new Verdict(false, "unhealthy: the agent and Docker answer, but the edge tunnel is down: "
                        + body);
            }
            return new Verdict(false, "unhealthy: the agent answers " + status + " but Docker does not: " + body);
        } catch (IOException | RuntimeException e) {
            return new Verdict(false, "unhealthy: the agent does not answer on " + url + ": " + e.getMessage());
        }
    }

    /**
     * A TLS context that trusts exactly one certificate, the one the listener serves, and presents a client
     * certificate where mTLS wants one.
     *
     * @param served     the listener's certificate
     * @param what       how to name it when another one is served
     * @param clientCert the client certificate chain's file, or null
     * @param clientKey  its key's file, or null
     * @return the context
     * @throws IOException              when a client file cannot be read
     * @throws GeneralSecurityException when the client certificate or key is not usable
     */
    public static SSLContext pinnedContext(X509Certificate served, String what, Path clientCert, Path clientKey)
            throws IOException, GeneralSecurityException {
        byte[] servedBytes = served.getEncoded();
        X509TrustManager pinned = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain == null || chain.length == 0 || !Arrays.equals(chain[0].getEncoded(), servedBytes)) {
                    throw new CertificateException("the listener's certificate is not " + what);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        KeyManagerFactory keys = null;
        if (clientCert != null && clientKey != null) {
            // With mTLS the listener wants a client certificate, from the probe too.
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            List<X509Certificate> chain = Certificates.readCertificates(clientCert);
            ks.setKeyEntry("probe", Certificates.readPrivateKey(clientKey), new char[0],
                    chain.toArray(X509Certificate[]::new));
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(ks, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), new TrustManager[]{pinned}, null);
        return context;
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) {
            return "";
        }
        try (in) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }
    }
}
