package io.bollard.agent.config;

import io.bollard.plugin.PluginConfigurationProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentSettingsTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path data;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("AGENT_SECRET", SECRET);
        env.put("AGENT_DATA_DIR", data.toString());
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void defaults() {
        AgentSettings s = AgentSettings.fromEnvironment(env(), Path.of("/app/plugins"));
        assertEquals("unix:///var/run/docker.sock", s.dockerHost());
        assertEquals(7007, s.port());
        assertTrue(s.filter().isEmpty());
        assertNull(s.hostname());
        assertNull(s.pluginAllowList());
        assertEquals(Path.of("/app/plugins"), s.pluginsDir());
        assertEquals("info", s.logLevel());
        assertFalse(s.logJson());
    }

    @Test
    void propertiesCarryEverySetting() {
        AgentSettings s = AgentSettings.fromEnvironment(env("AGENT_PORT", "9000", "DOCKER_FILTER", "label=a=b",
                "AGENT_PLUGINS", "containers,Images", "AGENT_PLUGINS_CONTAINERS_ENABLED", "false",
                "AGENT_PLUGINS_MY_THING_ENABLED", "yes", "AGENT_HOSTNAME", "host-1"), null);
        Map<String, Object> p = s.toProperties();
        assertEquals(9000, p.get("micronaut.server.port"));
        assertEquals("label=a=b", p.get(AgentConfigurationProperties.FILTER));
        assertEquals("containers,images", p.get(PluginConfigurationProperties.ALLOW_LIST));
        assertEquals(false, p.get("agent.plugins.containers.enabled"));
        assertEquals(true, p.get("agent.plugins.my-thing.enabled"));
        assertEquals("host-1", p.get(AgentConfigurationProperties.HOSTNAME));
        assertEquals(SECRET, p.get(AgentConfigurationProperties.SECRET));
        assertFalse(s.toString().contains(SECRET), "settings print without the secret");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "AGENT_PORT|0|AGENT_PORT",
            "AGENT_PORT|http|AGENT_PORT",
            "AGENT_PORT|70000|AGENT_PORT",
            "DOCKER_HOST|ftp://x|DOCKER_HOST",
            "DOCKER_HOST|unix://|DOCKER_HOST",
            "DOCKER_FILTER|colour=red|DOCKER_FILTER",
            "DOCKER_FILTER|name=(|DOCKER_FILTER",
            "AGENT_SECRET|short|AGENT_SECRET",
            "LOG_LEVEL|verbose|LOG_LEVEL",
            "LOG_JSON|maybe|LOG_JSON",
            "AGENT_PLUGINS|containers,Bad Id|AGENT_PLUGINS",
            "AGENT_PLUGINS_CONTAINERS_ENABLED|perhaps|AGENT_PLUGINS_CONTAINERS_ENABLED",
            "AGENT_HOSTNAME|not a host|AGENT_HOSTNAME"})
    void badValuesNameTheVariable(String variable, String value, String named) {
        SettingsException e = assertThrows(SettingsException.class,
                () -> AgentSettings.fromEnvironment(env(variable, value), null));
        assertTrue(e.getMessage().startsWith(named + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void missingSecretStopsStartup() {
        Map<String, String> env = env();
        env.remove("AGENT_SECRET");
        SettingsException e = assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(env, null));
        assertTrue(e.getMessage().startsWith("AGENT_SECRET: is not set"), e.getMessage());
    }

    @Test
    void secretIsMeasuredInBytes() {
        // 16 two-byte characters are 32 bytes.
        assertEquals(16, "éééééééééééééééé".length());
        AgentSettings.fromEnvironment(env("AGENT_SECRET", "éééééééééééééééé"), null);
    }

    @Test
    void unwritableDataDirStopsStartup() throws Exception {
        Path file = Files.createFile(data.resolve("a-file"));
        SettingsException e = assertThrows(SettingsException.class,
                () -> AgentSettings.fromEnvironment(env("AGENT_DATA_DIR", file.resolve("sub").toString()), null));
        assertTrue(e.getMessage().startsWith("AGENT_DATA_DIR: "), e.getMessage());
    }

    @Test
    void dataDirIsCreated() {
        Path nested = data.resolve("a/b");
        AgentSettings.fromEnvironment(env("AGENT_DATA_DIR", nested.toString()), null);
        assertTrue(Files.isDirectory(nested));
    }
}
