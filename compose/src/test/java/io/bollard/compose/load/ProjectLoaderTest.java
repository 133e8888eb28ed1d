package io.bollard.compose.load;

import io.bollard.compose.ComposeException;
import io.bollard.compose.model.Project;
import io.bollard.compose.model.Service;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProjectLoaderTest {

    static final Path HOST_DIR = Path.of("/data/stacks/demo");

    static String resource(String name) {
        try (InputStream in = ProjectLoaderTest.class.getResourceAsStream("/load/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static LoadedProject load(Map<String, String> env, Map<String, String> stackFiles, String... files) {
        List<ComposeFile> compose = java.util.Arrays.stream(files)
                .map(f -> f.endsWith(".yaml") ? new ComposeFile(f, resource(f)) : new ComposeFile("compose.yaml", f))
                .toList();
        return ProjectLoader.load(new LoadRequest("demo", compose, stackFiles.get(".env"), env,
                path -> Optional.ofNullable(stackFiles.get(path)), HOST_DIR));
    }

    @Test
    void loadsEveryShortFormAsItsLongForm() {
        LoadedProject loaded = load(Map.of("FROM_VARS", "given"), Map.of("web.env", "A=1\nMODE=dev\n"), "full.yaml");
        Project p = loaded.project();
        assertEquals(List.of("cache", "db", "web"), List.copyOf(p.services().keySet()), "debug is behind a profile");
        Service web = p.services().get("web");
        assertEquals("nginx:1.27", web.image());
        assertEquals(List.of("sh", "-c", "echo \"hello world\" && sleep 1"), web.command());
        assertEquals(Map.of("A", "1", "MODE", "production", "FROM_VARS", "given", "EMPTY", ""), web.environment());
        assertEquals(Map.of("team", "core"), web.labels());
        assertEquals("unless-stopped", web.restart());
        assertEquals(List.of(
                new Service.Port(80, "8080", null, "tcp", null),
                new Service.Port(9000, "9000", "127.0.0.1", "udp", null),
                new Service.Port(9001, "9001", "127.0.0.1", "udp", null),
                new Service.Port(443, null, null, "tcp", null),
                new Service.Port(8443, "18443", null, "tcp", null)), web.ports());
        assertEquals(List.of(
                new Service.Mount("volume", "data", "/var/lib/data", false, null, null, null),
                new Service.Mount("bind", "/data/stacks/demo/conf", "/etc/conf", true,
                        new Service.BindOptions(null, true), null, null),
                new Service.Mount("volume", null, "/cache", false, null, null, null),
                new Service.Mount("tmpfs", null, "/scratch", false, null, null,
                        new Service.TmpfsOptions(64L << 20))), web.volumes());
        assertEquals(List.of("www"), web.networks().get("front").aliases());
        assertTrue(web.networks().containsKey("default"));
        assertEquals("service_healthy", web.dependsOn().get("db").condition());
        assertEquals(List.of("CMD-SHELL", "wget -q -O- http://localhost/ || exit 1"), web.healthcheck().test());
        assertEquals(90_000_000_000L, web.healthcheck().interval());
        assertEquals(250_000_000L, web.healthcheck().startPeriod());
        assertEquals(List.of("gateway:10.0.0.1", "other:10.0.0.2"), web.extraHosts());
        assertEquals(List.of("8.8.8.8"), web.dns());
        assertEquals(Map.of("net.core.somaxconn", "1024"), web.sysctls());
        assertEquals(new Service.Ulimit(512, 512), web.ulimits().get("nproc"));
        assertEquals(new Service.Ulimit(1024, 2048), web.ulimits().get("nofile"));
        assertEquals(List.of("/run"), web.tmpfs());
        assertEquals(128L << 20, web.shmSize());
        assertEquals(20_000_000_000L, web.stopGracePeriod());
        assertEquals(512L << 20, web.memLimit());
        assertEquals(0.5, web.cpus());
        assertEquals(Map.of("max-size", "10m", "max-file", "3"), web.logging().options());
        assertEquals("token", web.secrets().getFirst().source());
        assertEquals("/etc/site.conf", web.configs().getFirst().target());
        assertTrue(web.init());
        assertTrue(web.readOnly());

        Service db = p.services().get("db");
        assertEquals("no", db.restart(), "an unquoted no is YAML's false, and means no restart");
        assertEquals(new Service.Device("/dev/fuse", "/dev/fuse", "rwm"), db.devices().getFirst());
        assertEquals(1L << 30, db.deploy().resources().limits().memory());
        assertEquals(2, p.services().get("cache").replicas());
        assertEquals("none", p.services().get("cache").networkMode());

        assertEquals("demo_front", p.networks().get("front").name());
        assertTrue(p.networks().get("front").internal());
        assertEquals("demo_default", p.networks().get("default").name());
        assertEquals("outside", p.networks().get("outside").name());
        assertTrue(p.networks().get("outside").external());
        assertEquals("demo_data", p.volumes().get("data").name());
        assertEquals("/data/stacks/demo/token.txt", p.secrets().get("token").file());
        assertTrue(loaded.warnings().stream().anyMatch(w -> w.contains("version is obsolete")));
    }

    @Test
    void profilesEnableServices() {
        Project p = load(Map.of("COMPOSE_PROFILES", "debug"), Map.of("web.env", ""), "full.yaml").project();
        assertTrue(p.services().containsKey("debug"));
    }

    @Test
    void requestVariablesWinOverDotEnv() {
        LoadedProject loaded = load(Map.of("TAG", "2"), Map.of(".env", "TAG=1\nOTHER=x\n"),
                "services:\n  a:\n    image: app:${TAG}-${OTHER}-${UNSET}\n");
        assertEquals("app:2-x-", loaded.project().services().get("a").image());
        assertTrue(loaded.warnings().contains("variable UNSET is not set: an empty string was used"));
    }

    @Test
    void anUnknownKeyIsAnErrorThatNamesItAndItsLine() {
        ComposeException e = assertThrows(ComposeException.class, () -> load(Map.of(), Map.of(),
                "services:\n  a:\n    image: busybox\n    frobnicate: 3\n"));
        assertEquals("services.a.frobnicate: 'frobnicate' is not supported here (compose.yaml:4)", e.getMessage());
    }

    @Test
    void aSwarmOnlyDeployKeyIsRefusedByName() {
        ComposeException e = assertThrows(ComposeException.class, () -> load(Map.of(), Map.of(),
                "services:\n  a:\n    image: busybox\n    deploy:\n      placement: {}\n"));
        assertTrue(e.getMessage().startsWith("services.a.deploy.placement: 'placement' is not supported"),
                e.getMessage());
    }

    @Test
    void buildIsRefusedWithAReason() {
        ComposeException e = assertThrows(ComposeException.class, () -> load(Map.of(), Map.of(),
                "services:\n  a:\n    build: .\n"));
        assertTrue(e.getMessage().contains("services.a.build: not supported"), e.getMessage());
    }

    @Test
    void aMissingRequiredEnvFileIsAnError() {
        ComposeException e = assertThrows(ComposeException.class, () -> load(Map.of(), Map.of(),
                "services:\n  a:\n    image: busybox\n    env_file: app.env\n"));
        assertTrue(e.getMessage().startsWith("services.a.env_file: env file app.env not found"), e.getMessage());
    }

    @Test
    void commandStaysNullWhenNotGiven() {
        Service a = load(Map.of(), Map.of(), "services:\n  a:\n    image: busybox\n").project().services().get("a");
        assertNull(a.command());
        assertFalse(a.privileged());
        assertEquals(1, a.replicas());
    }

    @Test
    void aProjectNameInTheFileMustBeTheStacksOwn() {
        assertEquals("demo", load(Map.of(), Map.of(), "name: demo\nservices: {a: {image: x}}\n").project().name());
        ComposeException e = assertThrows(ComposeException.class,
                () -> load(Map.of(), Map.of(), "name: other\nservices: {a: {image: x}}\n"));
        assertTrue(e.getMessage().startsWith("name: 'other' is not this stack's name, demo"), e.getMessage());
    }
}
