package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.bollard.agent.config.SettingsException;
import io.bollard.plugin.AgentPlugin;
import io.bollard.plugin.RequiresPlugin;
import io.micronaut.inject.BeanDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plugin switched off, by {@code AGENT_PLUGINS_<ID>_ENABLED=false} or by leaving it out of {@code AGENT_PLUGINS},
 * has no beans and no routes, and is missing from {@code /agent/info}; proven for every built-in plugin.
 */
class PluginSwitchIT {

    @Test
    void everyPluginIsOnByDefault() {
        try (RunningAgent agent = RunningAgent.start()) {
            List<String> ids = pluginIds(agent);
            assertFalse(ids.isEmpty());
            for (String id : ids) {
                assertFalse(beansOf(agent, id).isEmpty(), id);
            }
        }
    }

    @Test
    void everyPluginCanBeSwitchedOffOnItsOwn() {
        List<AgentPlugin> plugins;
        try (RunningAgent all = RunningAgent.start()) {
            plugins = new ArrayList<>(all.context().getBeansOfType(AgentPlugin.class));
        }
        for (AgentPlugin plugin : plugins) {
            String variable = "AGENT_PLUGINS_" + plugin.id().toUpperCase().replace('-', '_') + "_ENABLED";
            try (RunningAgent agent = RunningAgent.start(Map.of(variable, "false"))) {
                assertOff(agent, plugin);
            }
        }
    }

    @Test
    void allowListLoadsOnlyTheNamedPlugins() {
        List<AgentPlugin> plugins;
        try (RunningAgent all = RunningAgent.start()) {
            plugins = new ArrayList<>(all.context().getBeansOfType(AgentPlugin.class));
        }
        // The one plugin allowed is switched off on its own: no plugin at all.
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_PLUGINS", "containers",
                "AGENT_PLUGINS_CONTAINERS_ENABLED", "false"))) {
            plugins.forEach(p -> assertOff(agent, p));
        }
        // An id no plugin has is a typo, not a quiet agent without the plugin meant.
        SettingsException unknown = assertThrows(SettingsException.class,
                () -> RunningAgent.start(Map.of("AGENT_PLUGINS", "containers,none-of-these")));
        assertTrue(unknown.getMessage().startsWith("AGENT_PLUGINS: no plugin has the id none-of-these"),
                unknown.getMessage());
        for (AgentPlugin plugin : plugins) {
            try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_PLUGINS", plugin.id()))) {
                assertEquals(List.of(plugin.id()), pluginIds(agent));
                assertEquals(200, statusOf(agent, firstRoute(plugin)), plugin.id());
            }
        }
    }

    private static void assertOff(RunningAgent agent, AgentPlugin plugin) {
        assertFalse(pluginIds(agent).contains(plugin.id()), plugin.id() + " still in /agent/info");
        assertTrue(beansOf(agent, plugin.id()).isEmpty(), plugin.id() + " beans: " + beansOf(agent, plugin.id()));
        for (String prefix : plugin.routePrefixes()) {
            String path = prefix.replace("{id}", "anything");
            assertError(agent.get(path), 404, "not_found");
        }
    }

    /** The status alone: some routes stream without end (events), so the body is not read. */
    private static int statusOf(RunningAgent agent, String path) {
        try {
            var response = agent.http().send(agent.authed(path).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofInputStream());
            response.body().close();
            return response.statusCode();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String firstRoute(AgentPlugin plugin) {
        return plugin.routePrefixes().get(0);
    }

    private static List<String> pluginIds(RunningAgent agent) {
        JsonNode info = RunningAgent.json(agent.get("/agent/info"));
        List<String> ids = new ArrayList<>();
        info.path("plugins").forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    private static List<String> beansOf(RunningAgent agent, String pluginId) {
        Collection<BeanDefinition<?>> all = agent.context().getAllBeanDefinitions();
        return all.stream()
                .filter(d -> d.getAnnotationMetadata().stringValue(RequiresPlugin.class).map(pluginId::equals)
                        .orElse(false))
                .filter(d -> agent.context().findBean(d.getBeanType()).isPresent())
                .map(d -> d.getBeanType().getName())
                .toList();
    }
}
