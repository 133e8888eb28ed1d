package io.bollard.agent;

import io.bollard.agent.config.AgentSettings;
import io.bollard.agent.config.SettingsException;
import io.bollard.agent.edge.EdgeTunnel;
import io.bollard.agent.tls.Certificates;
import io.bollard.agent.tls.TlsSetup;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar bollard-agent.jar healthcheck}: calls the running agent's {@code /agent/ping} on its own
 * listener, trusting exactly the certificate the agent serves, and exits 0 when the agent and Docker answer, 1
 * otherwise, saying why. Reads the same environment variables as the agent; needs no token.
 */
public final class HealthcheckCommand {

    private static final int TIMEOUT_MILLIS = 5_000;

    private HealthcheckCommand() {
    }

    /**
     * Checks the agent.
     *
     * @param env the agent's environment
     * @param out where the verdict goes
     * @return 0 when healthy, 1 when not
     */
    public static int run(Map<String, String> env, PrintStream out) {
        boolean edge = "edge".equalsIgnoreCase(env.getOrDefault("AGENT_MODE", "direct").trim());
        int port;
        boolean tls;
        if (edge) {
            // In edge mode the listener is loopback-only on a port the system picked; the agent wrote it down.
            Path portFile = Path.of(env.getOrDefault("AGENT_DATA_DIR", "/data")).resolve(EdgeTunnel.LISTENER_PORT_FILE);
            try {
                port = Integer.parseInt(Files.readString(portFile).trim());
            } catch (IOException | NumberFormatException e) {
                out.println("unhealthy: the agent's listener port is not in " + portFile + " (is the agent running?)");
                return 1;
            }
            tls = false;
        } else {
            try {
                // The agent's own readings, so both agree on every value the agent accepts.
                port = AgentSettings.port(env);
                tls = AgentSettings.tls(env);
            } catch (SettingsException e) {
                out.println("unhealthy: " + e.getMessage());
                return 1;
            }
        }
        String url = (tls ? "https" : "http") + "://127.0.0.1:" + port + "/agent/ping";
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            if (c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(pinnedContext(env).getSocketFactory());
                // The certificate itself is pinned, so the name it was issued for does not matter here.
                https.setHostnameVerifier((host, session) -> true);
            }
            c.setConnectTimeout(TIMEOUT_MILLIS);
            c.setReadTimeout(TIMEOUT_MILLIS);
            int status = c.getResponseCode();
            String body = read(status < 400 ? c.getInputStream() : c.getErrorStream());
            if (status == 200) {
                out.println("healthy: the agent and Docker answer");
                return 0;
            }
            out.println("unhealthy: the agent answers " + status + " but Docker does not: " + body);
            return 1;
        } catch (java.nio.file.NoSuchFileException e) {
            out.println("unhealthy: no certificate yet at " + e.getFile() + " (the agent has not made it: not started,"
                    + " or started with another AGENT_DATA_DIR)");
            return 1;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            out.println("unhealthy: the agent does not answer on " + url + ": " + e.getMessage());
            return 1;
        }
    }

    static SSLContext pinnedContext(Map<String, String> env) throws IOException, GeneralSecurityException {
        Path dataDir = Path.of(env.getOrDefault("AGENT_DATA_DIR", "/data"));
        String custom = env.get("AGENT_TLS_CERT");
        Path certFile = custom != null && !custom.isBlank() ? Path.of(custom)
                : dataDir.resolve("certs").resolve(TlsSetup.CERT_FILE);
        X509Certificate served = Certificates.readCertificates(certFile).get(0);
        X509TrustManager pinned = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("not a server");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (chain == null || chain.length == 0 || !Arrays.equals(chain[0].getEncoded(), served.getEncoded())) {
                    throw new CertificateException("the listener's certificate is not " + certFile);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        KeyManagerFactory keys = null;
        String clientCert = env.get("AGENT_HEALTHCHECK_CERT");
        String clientKey = env.get("AGENT_HEALTHCHECK_KEY");
        if (clientCert != null && clientKey != null) {
            // With mTLS the listener wants a client certificate, from the probe too.
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            List<X509Certificate> chain = Certificates.readCertificates(Path.of(clientCert));
            ks.setKeyEntry("probe", Certificates.readPrivateKey(Path.of(clientKey)), new char[0],
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
