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
        properties.putAll(listenerProperties(settings));
        ClassLoader loader = PluginJars.classLoader(settings.pluginsDir(), AgentLauncher.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        return Micronaut.build(new String[0])
                .classLoader(loader)
                .mainClass(Bollard.class)
                .banner(false)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .environmentPropertySource(false)
                .properties(properties)
                .start();
    }

    /** HTTPS by default, with the certificate prepared (and its fingerprint logged) before the server starts. */
    private static Map<String, Object> listenerProperties(AgentSettings settings) {
        Logger log = LoggerFactory.getLogger(AgentLauncher.class);
        Map<String, Object> p = new HashMap<>();
        if (settings.edgeMode()) {
            if (settings.edge().plain()) {
                log.warn("AGENT_EDGE_SERVER is ws://: the tunnel to the server is not encrypted and the server is "
                        + "not authenticated; use wss:// outside a test setup");
            }
            log.info("Edge mode: dialling out to {}; no port is opened on the host", settings.edge().server());
            return p;
        }
        if (!settings.tls()) {
            log.warn("AGENT_TLS=false: serving plain HTTP; use this only behind a TLS-terminating reverse proxy");
            return p;
        }
        TlsMaterial tls = TlsSetup.prepare(settings.dataDir(), settings.hostname(), settings.tlsCert(),
                settings.tlsKey(), settings.tlsClientCa());
        p.put("micronaut.server.ssl.enabled", true);
        p.put("micronaut.server.ssl.port", settings.port());
        p.put("micronaut.server.ssl.key-store.path", "file:" + tls.keyStore());
        p.put("micronaut.server.ssl.key-store.password", tls.keyStorePassword());
        p.put("micronaut.server.ssl.key-store.type", TlsSetup.STORE_TYPE);
        if (tls.trustStore() != null) {
            p.put("micronaut.server.ssl.trust-store.path", "file:" + tls.trustStore());
            p.put("micronaut.server.ssl.trust-store.password", tls.keyStorePassword());
            p.put("micronaut.server.ssl.trust-store.type", TlsSetup.STORE_TYPE);
            p.put("micronaut.server.ssl.client-authentication", "need");
        }
        p.put(AgentConfigurationProperties.TLS_FINGERPRINT, tls.fingerprint());
        log.info("TLS certificate {} (SHA-256 fingerprint {}), valid until {}{}", tls.certificateFile(),
                tls.fingerprint(), tls.certificate().getNotAfter().toInstant(),
                tls.trustStore() == null ? "" : "; client certificates required (mTLS)");
        return p;
    }
}
