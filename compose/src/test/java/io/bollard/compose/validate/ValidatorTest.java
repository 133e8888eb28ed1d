package io.bollard.compose.validate;

import io.bollard.compose.ComposeException;
import io.bollard.compose.load.ComposeFile;
import io.bollard.compose.load.LoadRequest;
import io.bollard.compose.load.ProjectLoader;
import io.bollard.compose.model.Project;
import io.bollard.files.Sandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidatorTest {

    private static Project load(String yaml, Path dir) {
        return ProjectLoader.load(new LoadRequest("demo", List.of(new ComposeFile("compose.yaml", yaml)), null,
                Map.of(), path -> Optional.empty(), dir)).project();
    }

    private static String problems(String yaml) {
        return assertThrows(ComposeException.class, () -> load(yaml, Path.of("/stack"))).getMessage();
    }

    @Test
    void everyProblemIsReportedWithItsPlace() {
        String message = problems("""
                services:
                  a:
                    image: x
                    depends_on: [b]
                    networks: [nowhere]
                    volumes: ["missing:/data"]
                  b:
                    image: x
                    depends_on: [c]
                  c:
                    depends_on: [a]
                    restart: sometimes
                """);
        assertTrue(message.contains("services.a.networks.nowhere: network 'nowhere' is not defined"), message);
        assertTrue(message.contains("services.a.volumes[0]: volume 'missing' is not defined"), message);
        assertTrue(message.contains("dependency cycle: a -> b -> c -> a"), message);
        assertTrue(message.contains("services.c.image: missing"), message);
        assertTrue(message.contains("services.c.restart: 'sometimes'"), message);
        assertTrue(message.contains("(compose.yaml:"), message);
    }

    @Test
    void namesThatWouldClimbToAnotherDockerEndpointAreRefused() {
        String message = problems("""
                services:
                  a:
                    image: ../containers/x
                    volumes: ["v:/v"]
                    networks: [n]
                volumes:
                  v: {external: true, name: "../containers/hidden/json"}
                networks:
                  n: {name: "x/../../volumes"}
                """);
        assertTrue(message.contains("services.a.image: '../containers/x' is not an image reference"), message);
        assertTrue(message.contains("volumes.v.name: '../containers/hidden/json' is not a name Docker takes"),
                message);
        assertTrue(message.contains("networks.n.name: 'x/../../volumes' is not a name Docker takes"), message);
    }

    @Test
    void valuesTheEngineWouldRefuse() {
        assertTrue(problems("services:\n  a:\n    image: x\n    ports: [{target: 70000}]\n")
                .startsWith("services.a.ports[0]: container port 70000"));
        assertTrue(problems("services:\n  a:\n    image: x\n    container_name: one\n    deploy: {replicas: 2}\n")
                .contains("one replica only"));
        assertTrue(problems("services:\n  a:\n    image: x\n    network_mode: host\n    networks: [default]\n")
                .contains("cannot be used together with networks"));
        assertTrue(problems("services:\n  a:\n    image: x\n    secrets: [nope]\n").contains("'nope' is not defined"));
        assertTrue(problems("services:\n  a:\n    image: x\n    cap_add: [FLY]\n")
                .startsWith("services.a.cap_add: 'FLY' is not a Linux capability"));
        assertTrue(problems("services:\n  a:\n    image: x\n    logging: {driver: carrier-pigeon}\n")
                .startsWith("services.a.logging.driver: 'carrier-pigeon'"));
    }

    @Test
    void theRestrictedPolicyRefusesSourcesInsideAWritableMountAndCustomSeccomp(@TempDir Path dir) throws IOException {
        // a could plant a link at ./later (a host folder) before b's container mounts it.
        Project planted = load("""
                services:
                  a:
                    image: x
                    volumes: [".:/stack"]
                  b:
                    image: x
                    volumes: ["./later:/hostetc:ro", "./ro:/ro:ro"]
                  c:
                    image: x
                    volumes: ["./shared:/s", "./shared:/t"]
                    security_opt: ['seccomp={"defaultAction":"SCMP_ACT_ALLOW"}', "label:disable", "no-new-privileges"]
                """, dir);
        String message = assertThrows(ComposeException.class,
                () -> Policy.RESTRICTED.check(planted, dir, new Sandbox(dir))).getMessage();
        assertTrue(message.contains("services.b.volumes: " + dir.resolve("later") + " lies inside " + dir
                + ", which services.a mounts writable"), message);
        assertTrue(message.contains("seccomp="), message);
        assertTrue(message.contains("label:disable is not allowed"), message);
        assertFalse(message.contains("no-new-privileges"), message);
        // The same folder mounted writable twice is one mount; read-only mounts hold nothing a container can plant.
        Project apart = load("""
                services:
                  a:
                    image: x
                    volumes: ["./data:/data", "./conf:/conf:ro"]
                  b:
                    image: x
                    volumes: ["./data:/data", "./conf/app.yml:/app.yml:ro"]
                """, dir);
        assertDoesNotThrow(() -> Policy.RESTRICTED.check(apart, dir, new Sandbox(dir)));
        // An alias in the stack folder names the same folder: compared by where it leads.
        java.nio.file.Files.createDirectories(dir.resolve("data"));
        java.nio.file.Files.createSymbolicLink(dir.resolve("alias"), Path.of("data"));
        Project aliased = load("""
                services:
                  a:
                    image: x
                    volumes: ["./data:/data"]
                  b:
                    image: x
                    volumes: ["./alias/x:/x:ro"]
                    security_opt: ["label=type:spc_t"]
                """, dir);
        String viaAlias = assertThrows(ComposeException.class,
                () -> Policy.RESTRICTED.check(aliased, dir, new Sandbox(dir))).getMessage();
        assertTrue(viaAlias.contains("services.b.volumes: " + dir.resolve("alias/x")), viaAlias);
        assertTrue(viaAlias.contains("label=type:spc_t is not allowed"), viaAlias);
    }

    @Test
    void theRestrictedPolicyFollowsLinksOutOfTheStackFolder(@TempDir Path dir) throws IOException {
        Files.createSymbolicLink(dir.resolve("root"), Path.of("/"));
        Files.createDirectories(dir.resolve("data"));
        Project inside = load("services:\n  a:\n    image: x\n    volumes: [\"./data:/d\", \"./new/sub:/n\"]\n", dir);
        assertDoesNotThrow(() -> Policy.RESTRICTED.check(inside, dir, new Sandbox(dir)));
        Project link = load("services:\n  a:\n    image: x\n    volumes: [\"./root/etc:/e\"]\n", dir);
        ComposeException e = assertThrows(ComposeException.class,
                () -> Policy.RESTRICTED.check(link, dir, new Sandbox(dir)));
        assertTrue(e.getMessage().contains("services.a.volumes: bind mount of " + dir.resolve("root/etc")), e.getMessage());
        assertDoesNotThrow(() -> Policy.PERMISSIVE.check(link, dir, new Sandbox(dir)));
        Project hostBind = load("""
                services:
                  a:
                    image: x
                    pid: container:agent
                    volumes: ["root:/host"]
                volumes:
                  root:
                    driver_opts: {type: none, o: bind, device: /}
                """, dir);
        String refused = assertThrows(ComposeException.class,
                () -> Policy.RESTRICTED.check(hostBind, dir, new Sandbox(dir))).getMessage();
        assertTrue(refused.contains("volumes.root.driver_opts"), refused);
        assertTrue(refused.contains("services.a.pid: container:agent"), refused);
        assertEquals(Policy.RESTRICTED, Policy.of("Restricted"));
        assertThrows(IllegalArgumentException.class, () -> Policy.of("lax"));
    }

    @Test
    void volumesWhoseDriverOptionsMountTheHostAreNamed(@TempDir Path dir) {
        Project project = load("""
                services:
                  a:
                    image: x
                    volumes: ["bound:/a", "typed:/b", "disk:/c", "plugin:/d", "memory:/e", "share:/f", "plain:/g"]
                volumes:
                  bound: {driver_opts: {type: none, o: bind, device: /var/lib/docker/volumes}}
                  typed: {driver_opts: {type: tmpfs, o: "size=1m,rbind", device: /}}
                  disk: {driver_opts: {type: ext4, device: /dev/sda1}}
                  plugin: {driver: local-persist, driver_opts: {mountpoint: /etc}}
                  memory: {driver_opts: {type: tmpfs, o: "size=64m,uid=1000", device: tmpfs}}
                  share: {driver_opts: {type: nfs, o: "addr=10.0.0.5,rw", device: ":/exports/a"}}
                  plain: {}
                """, dir);
        List<String> refused = Policy.volumesMountingTheHost(project).stream().sorted().toList();
        assertEquals(4, refused.size(), refused.toString());
        assertTrue(refused.get(0).startsWith("volumes.bound.driver_opts: a mount of type none with o: bind"),
                refused.get(0));
        assertTrue(refused.get(1).startsWith("volumes.disk.driver_opts: a mount of type ext4 can"), refused.get(1));
        assertEquals("volumes.plugin.driver_opts: options of the local-persist driver are not allowed",
                refused.get(2));
        assertTrue(refused.get(3).startsWith("volumes.typed.driver_opts: a mount of type tmpfs with o: bind"),
                refused.get(3));
    }

    @Test
    void aNetworkNameThatLooksLikeAnIdIsRefused() {
        String id = "169a91aa3c" + "0".repeat(54);
        String message = problems("""
                services:
                  a: {image: x, networks: [n]}
                networks:
                  n: {name: %s}
                """.formatted(id));
        assertTrue(message.contains("networks.n.name: '" + id + "' looks like a network id"), message);
        assertDoesNotThrow(() -> load("services:\n  a: {image: x, networks: [n]}\nnetworks:\n  n: {name: 169a91aa3c}\n",
                Path.of("/stack")));
    }
}
