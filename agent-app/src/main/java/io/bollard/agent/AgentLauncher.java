package io.bollard.agent;

import io.bollard.agent.config.AgentSettings;
import io.bollard.agent.plugins.PluginJars;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

/**
 * Starts the agent: puts plugin jars on the class loader, then starts Micronaut with the checked settings.
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
        ClassLoader loader = PluginJars.classLoader(settings.pluginsDir(), AgentLauncher.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        return Micronaut.build(new String[0])
                .classLoader(loader)
                .mainClass(Bollard.class)
                .banner(false)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .environmentPropertySource(false)
                .properties(settings.toProperties())
                .start();
    }
}
