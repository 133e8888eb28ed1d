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
        assertFalse(s.metricsPublic());
        assertFalse(s.apiDocs());
        assertEquals(false, s.toProperties().get(AgentConfigurationProperties.METRICS_PUBLIC));
        assertEquals(false, s.toProperties().get(AgentConfigurationProperties.API_DOCS));
    }

    @Test
    void metricsAndApiDocsSwitches() {
        AgentSettings s = AgentSettings.fromEnvironment(env("AGENT_METRICS_PUBLIC", "true", "AGENT_API_DOCS", "yes"),
                null);
        assertTrue(s.metricsPublic());
        assertTrue(s.apiDocs());
        assertEquals(true, s.toProperties().get(AgentConfigurationProperties.METRICS_PUBLIC));
        assertEquals(true, s.toProperties().get(AgentConfigurationProperties.API_DOCS));
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
            "AGENT_METRICS_PUBLIC|sometimes|AGENT_METRICS_PUBLIC",
            "AGENT_API_DOCS|please|AGENT_API_DOCS",
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
    void theSecretCanComeFromAFileAsDockerSecretsGiveIt() throws Exception {
        Path file = Files.writeString(data.resolve("secret"), SECRET + "\n");
        Map<String, String> env = env("AGENT_SECRET_FILE", file.toString());
        env.remove("AGENT_SECRET");
        assertEquals(SECRET, AgentSettings.fromEnvironment(env, null).secret());
        env.put("AGENT_SECRET_FILE", data.resolve("missing").toString());
        SettingsException e = assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(env, null));
        assertTrue(e.getMessage().startsWith("AGENT_SECRET_FILE: cannot read "), e.getMessage());
        Files.writeString(file, "short\n");
        env.put("AGENT_SECRET_FILE", file.toString());
        e = assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(env, null));
        assertFalse(e.getMessage().contains("short"), "the secret is never in a message: " + e.getMessage());
        Files.writeString(file, "  \n");
        e = assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(env, null));
        assertEquals("AGENT_SECRET_FILE: " + file + " is empty", e.getMessage());
        env.put("AGENT_SECRET_FILE", "/dev/zero");
        e = assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(env, null));
        assertEquals("AGENT_SECRET_FILE: /dev/zero is larger than 4096 bytes; it should hold the secret only",
                e.getMessage());
        env.put("AGENT_SECRET_FILE", data.toString());
        e = assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(env, null));
        assertTrue(e.getMessage().startsWith("AGENT_SECRET_FILE: cannot read "), e.getMessage());
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
    void aDamagedAgentIdStopsStartup() throws Exception {
        Files.writeString(data.resolve("agent-id"), "notauuid\n");
        SettingsException e = assertThrows(SettingsException.class,
                () -> AgentSettings.fromEnvironment(env("AGENT_DATA_DIR", data.toString()), null));
        assertTrue(e.getMessage().startsWith("AGENT_DATA_DIR: ") && e.getMessage().contains("agent-id"),
                e.getMessage());
    }

    @Test
    void dataDirIsCreated() {
        Path nested = data.resolve("a/b");
        AgentSettings.fromEnvironment(env("AGENT_DATA_DIR", nested.toString()), null);
        assertTrue(Files.isDirectory(nested));
    }

    @Test
    void edgeModeDialsOutAndOpensOnlyALoopbackListener() {
        AgentSettings s = AgentSettings.fromEnvironment(env("AGENT_MODE", "edge",
                "AGENT_EDGE_SERVER", "wss://manager.example.com/edge",
                "AGENT_EDGE_SERVER_FINGERPRINT", "ab".repeat(32),
                "AGENT_EDGE_RECONNECT_INITIAL", "500ms", "AGENT_EDGE_RECONNECT_MAX", "2m", "AGENT_EDGE_HEARTBEAT", "10",
                "AGENT_EDGE_UNHEALTHY_AFTER", "5m"), null);
        assertTrue(s.edgeMode());
        assertFalse(s.tls(), "the loopback listener has no TLS; the tunnel has");
        assertEquals(java.time.Duration.ofMillis(500), s.edge().reconnectInitial());
        assertEquals(java.time.Duration.ofMinutes(2), s.edge().reconnectMax());
        assertEquals(java.time.Duration.ofSeconds(10), s.edge().heartbeat());
        assertEquals(java.time.Duration.ofMinutes(5), s.edge().unhealthyAfter());
        assertEquals(("AB:".repeat(32)).substring(0, 95), s.edge().fingerprint());
        Map<String, Object> p = s.toProperties();
        assertEquals("127.0.0.1", p.get("micronaut.server.host"));
        assertEquals(-1, p.get("micronaut.server.port"));
        assertEquals("wss://manager.example.com/edge", p.get(AgentConfigurationProperties.EDGE_SERVER));
        assertEquals(300_000L, p.get(AgentConfigurationProperties.EDGE_UNHEALTHY_AFTER));
    }

    @Test
    void edgeDefaults() {
        AgentSettings s = AgentSettings.fromEnvironment(env("AGENT_MODE", "EDGE", "AGENT_EDGE_SERVER", "ws://10.0.0.1:8080/x"),
                null);
        assertTrue(s.edge().plain());
        assertEquals(java.time.Duration.ofSeconds(1), s.edge().reconnectInitial());
        assertEquals(java.time.Duration.ofSeconds(60), s.edge().reconnectMax());
        assertEquals(java.time.Duration.ofSeconds(30), s.edge().heartbeat());
        assertEquals(java.time.Duration.ofMinutes(2), s.edge().unhealthyAfter());
        assertFalse(AgentSettings.fromEnvironment(env(), null).edgeMode());
    }

    @Test
    void badEdgeSettingsNameTheVariable() {
        assertBad("AGENT_MODE", "AGENT_MODE", "tunnel");
        assertBad("AGENT_EDGE_SERVER", "AGENT_MODE", "edge");
        assertBad("AGENT_EDGE_SERVER", "AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "https://a/b");
        assertBad("AGENT_EDGE_SERVER", "AGENT_EDGE_SERVER", "wss://a/b");
        assertBad("AGENT_EDGE_SERVER_FINGERPRINT", "AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "wss://a/b",
                "AGENT_EDGE_SERVER_FINGERPRINT", "AB:CD");
        assertBad("AGENT_EDGE_HEARTBEAT", "AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "wss://a/b",
                "AGENT_EDGE_HEARTBEAT", "0s");
        assertBad("AGENT_EDGE_RECONNECT_INITIAL", "AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "wss://a/b",
                "AGENT_EDGE_RECONNECT_INITIAL", "soon");
        assertBad("AGENT_EDGE_RECONNECT_MAX", "AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "wss://a/b",
                "AGENT_EDGE_RECONNECT_MAX", "500ms");
        assertBad("AGENT_EDGE_CA", "AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "wss://a/b",
                "AGENT_EDGE_CA", "/no/such/ca.pem");
        assertBad("AGENT_EDGE_UNHEALTHY_AFTER", "AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "wss://a/b",
                "AGENT_EDGE_UNHEALTHY_AFTER", "0");
        assertBad("AGENT_EDGE_UNHEALTHY_AFTER", "AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "wss://a/b",
                "AGENT_EDGE_UNHEALTHY_AFTER", "2d");
    }

    @Test
    void theEdgeServersQueryAndUserInfoAreNeverShown() {
        assertEquals("wss://m.example.com:8443/edge?…",
                EdgeSettings.shown(java.net.URI.create("wss://m.example.com:8443/edge?key=S3CRET")));
        assertEquals("ws://10.0.0.1/x", EdgeSettings.shown(java.net.URI.create("ws://10.0.0.1/x")));
        SettingsException e = assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(
                env("AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "wss://user:S3CRET@m.example.com/edge"), null));
        assertFalse(e.getMessage().contains("S3CRET"), e.getMessage());
    }

    private void assertBad(String variable, String... pairs) {
        SettingsException e = assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(env(pairs), null));
        assertTrue(e.getMessage().startsWith(variable + ":"), e.getMessage());
    }

    @Test
    void edgeModeRefusesListenerCertificatesAndATwofoldTrust() throws Exception {
        Path pem = Files.writeString(data.resolve("x.pem"), "x");
        SettingsException tls = assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(
                env("AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "wss://a/b", "AGENT_TLS_CLIENT_CA", pem.toString()), null));
        assertTrue(tls.getMessage().startsWith("AGENT_MODE:"), tls.getMessage());
        Map<String, String> both = env("AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "wss://a/b", "AGENT_EDGE_CA",
                pem.toString());
        both.put("AGENT_EDGE_SERVER_FINGERPRINT", "ab".repeat(32));
        assertTrue(assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(both, null))
                .getMessage().startsWith("AGENT_EDGE_CA:"));
        SettingsException plainPinned = assertThrows(SettingsException.class, () -> AgentSettings.fromEnvironment(
                env("AGENT_MODE", "edge", "AGENT_EDGE_SERVER", "ws://a/b", "AGENT_EDGE_SERVER_FINGERPRINT",
                        "ab".repeat(32)), null));
        assertTrue(plainPinned.getMessage().startsWith("AGENT_EDGE_SERVER:"), plainPinned.getMessage());
    }
}
