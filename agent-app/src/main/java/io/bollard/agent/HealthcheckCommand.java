package io.bollard.agent;

import io.bollard.agent.config.AgentSettings;
import io.bollard.agent.config.SettingsException;
import io.bollard.agent.edge.EdgeTunnel;
import io.bollard.agent.health.PingProbe;
import io.bollard.agent.tls.Certificates;
import io.bollard.agent.tls.TlsSetup;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Map;

/**
 * {@code java -jar bollard-agent.jar healthcheck}: calls the running agent's {@code /agent/ping} on its own
 * listener, trusting exactly the certificate the agent serves, and exits 0 when the agent and Docker answer, 1
 * otherwise, saying why. Reads the same environment variables as the agent; needs no token.
 */
public final class HealthcheckCommand {

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
        SSLContext context = null;
        if (tls) {
            try {
                context = pinnedContext(env);
            } catch (java.nio.file.NoSuchFileException e) {
                out.println("unhealthy: no certificate yet at " + e.getFile() + " (the agent has not made it: not"
                        + " started, or started with another AGENT_DATA_DIR)");
                return 1;
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                out.println("unhealthy: the agent does not answer on " + url + ": " + e.getMessage());
                return 1;
            }
        }
        PingProbe.Verdict verdict = PingProbe.call(url, context);
        out.println(verdict.line());
        return verdict.healthy() ? 0 : 1;
    }

    static SSLContext pinnedContext(Map<String, String> env) throws IOException, GeneralSecurityException {
        Path dataDir = Path.of(env.getOrDefault("AGENT_DATA_DIR", "/data"));
        String custom = env.get("AGENT_TLS_CERT");
        Path certFile = custom != null && !custom.isBlank() ? Path.of(custom)
                : dataDir.resolve("certs").resolve(TlsSetup.CERT_FILE);
        X509Certificate served = Certificates.readCertificates(certFile).get(0);
        String clientCert = env.get("AGENT_HEALTHCHECK_CERT");
        String clientKey = env.get("AGENT_HEALTHCHECK_KEY");
        return PingProbe.pinnedContext(served, certFile.toString(),
                clientCert == null ? null : Path.of(clientCert), clientKey == null ? null : Path.of(clientKey));
    }
}
