package io.bollard.agent;

import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.config.AgentSettings;
import io.bollard.agent.config.SettingsException;
import io.bollard.agent.docker.DockerSocketAccess;
import io.bollard.agent.plugins.PluginJars;
import io.bollard.agent.tls.TlsMaterial;
import io.bollard.agent.tls.TlsSetup;
import io.bollard.plugin.AgentPlugin;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

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
        // The agent starts all the same (Docker may come later), but an operator sees at once what to fix.
        DockerSocketAccess.problem(settings.dockerHost()).ifPresent(problem ->
                LoggerFactory.getLogger(AgentLauncher.class).warn("Docker is not usable: {}", problem));
        Map<String, Object> properties = new HashMap<>(settings.toProperties());
        TlsMaterial tls = tls(settings);
        if (tls != null) {
            properties.put("micronaut.server.ssl.enabled", true);
            properties.put("micronaut.server.ssl.port", settings.port());
            properties.put(AgentConfigurationProperties.TLS_FINGERPRINT, tls.fingerprint());
        }
        ClassLoader loader = PluginJars.classLoader(settings.pluginsDir(), AgentLauncher.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        ApplicationContext context = Micronaut.build(new String[0])
                .singletons(tls == null ? new Object[0] : new Object[] {tls})
                .classLoader(loader)
                .mainClass(Bollard.class)
                .banner(false)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .environmentPropertySource(false)
                .properties(properties)
                .start();
        Set<String> loaded = context.getBeansOfType(AgentPlugin.class).stream().map(AgentPlugin::id)
                .collect(Collectors.toCollection(TreeSet::new));
        List<String> unknown = unknownPlugins(settings, loaded);
        if (!unknown.isEmpty()) {
            context.close();
            throw new SettingsException("AGENT_PLUGINS", "no plugin has the id " + String.join(", ", unknown)
                    + " (this agent has " + (loaded.isEmpty() ? "none" : String.join(", ", loaded)) + ")");
        }
        return context;
    }

    /**
     * Ids the allow-list names that no plugin has: a typo there would otherwise start an agent quietly missing the
     * plugin meant. An id switched off by its own {@code AGENT_PLUGINS_<ID>_ENABLED=false} is not unknown.
     */
    static List<String> unknownPlugins(AgentSettings settings, Set<String> loaded) {
        if (settings.pluginAllowList() == null) {
            return List.of();
        }
        return Arrays.stream(settings.pluginAllowList().split(",")).map(String::trim).filter(id -> !id.isEmpty())
                .filter(id -> !loaded.contains(id) && !Boolean.FALSE.equals(settings.pluginSwitches().get(id)))
                .distinct().toList();
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
            log.info("Edge mode: dialling out to {}; no port is opened on the host",
                    io.bollard.agent.config.EdgeSettings.shown(settings.edge().server()));
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
