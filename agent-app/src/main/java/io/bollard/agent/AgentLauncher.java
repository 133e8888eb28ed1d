package io.bollard.agent;

import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.config.AgentSettings;
import io.bollard.agent.tls.TlsMaterial;
import io.bollard.agent.tls.TlsSetup;
import io.bollard.agent.plugins.PluginJars;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts the agent: prepares TLS, puts plugin jars on the class loader, then starts Micronaut with the checked
 * settings.
 */
public final class AgentLauncher {

    private AgentLauncher() {
    }

    /**
     * Starts the agent and returns its running context (stop it to shut the agent down).
     *
     * @param settings checked settings
     * @return the running application context
     */
    public static ApplicationContext start(AgentSettings settings) {
        Map<String, Object> properties = new HashMap<>(settings.toProperties());
        TlsMaterial tls = tls(settings);
        if (tls != null) {
            properties.put("micronaut.server.ssl.enabled", true);
            properties.put("micronaut.server.ssl.port", settings.port());
            properties.put(AgentConfigurationProperties.TLS_FINGERPRINT, tls.fingerprint());
        }
        ClassLoader loader = PluginJars.classLoader(settings.pluginsDir(), AgentLauncher.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        return Micronaut.build(new String[0])
                .singletons(tls == null ? new Object[0] : new Object[] {tls})
                .classLoader(loader)
                .mainClass(Bollard.class)
                .banner(false)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .environmentPropertySource(false)
                .properties(properties)
                .start();
    }

    /**
     * HTTPS by default, with the certificate and the TLS context prepared (and the fingerprint logged) before the
     * server starts; null when the agent serves plain HTTP or opens no port.
     */
    private static TlsMaterial tls(AgentSettings settings) {
        Logger log = LoggerFactory.getLogger(AgentLauncher.class);
        if (settings.edgeMode()) {
            if (settings.edge().plain()) {
                log.warn("AGENT_EDGE_SERVER is ws://: the tunnel to the server is not encrypted and the server is "
                        + "not authenticated; use wss:// outside a test setup");
            }
            log.info("Edge mode: dialling out to {}; no port is opened on the host", settings.edge().server());
            return null;
        }
        if (!settings.tls()) {
            log.warn("AGENT_TLS=false: serving plain HTTP; use this only behind a TLS-terminating reverse proxy");
            return null;
        }
        TlsMaterial tls = TlsSetup.prepare(settings.dataDir(), settings.hostname(), settings.tlsCert(),
                settings.tlsKey(), settings.tlsClientCa());
        log.info("TLS certificate {} (SHA-256 fingerprint {}), valid until {}{}", tls.certificateFile(),
                tls.fingerprint(), tls.certificate().getNotAfter().toInstant(),
                tls.clientCertificatesRequired() ? "; client certificates required (mTLS)" : "");
        return tls;
    }
}
