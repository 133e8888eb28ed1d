package io.bollard.compose.apply;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import io.bollard.compose.load.ComposeFile;
import io.bollard.compose.load.LoadRequest;
import io.bollard.compose.load.ProjectLoader;
import io.bollard.compose.model.Project;
import io.bollard.compose.plan.ComposeLabels;
import io.bollard.compose.plan.PlanOptions;
import io.bollard.testing.DockerScope;
import io.bollard.testing.TestDocker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Deploys the same files with Debian's docker-compose (1.29) and with the agent's library, then compares what each
 * container was made with: image, command, environment, labels (Compose's own bookkeeping aside), mounts, networks,
 * ports, restart policy and the rest of the host configuration. Skipped where docker-compose is not installed.
 */
class ComposeReferenceIT {

    private DockerScope scope;
    private DockerClient docker;
    private Path dir;
    private String theirs;
    private String ours;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(run(List.of("docker-compose", "version")) == 0, "docker-compose is not installed");
        scope = new DockerScope();
        docker = scope.docker();
        theirs = "ref-dc-" + scope.id();
        ours = "ref-agent-" + scope.id();
        dir = Files.createTempDirectory("bollard-reference");
        Files.writeString(dir.resolve("compose.yaml"), resource("compose.yaml"));
        Files.writeString(dir.resolve(".env"), "IMAGE=" + TestDocker.busybox() + "\nCOLOR=blue # a comment\n");
        Files.writeString(dir.resolve("token.txt"), "s3cret\n");
        Files.createDirectories(dir.resolve("conf"));
    }

    @AfterEach
    void tearDown() throws IOException {
        if (scope == null) {
            return;
        }
        try {
            compose("down", "-v", "--timeout", "1"); // the agent's stack carries the scope's label
        } finally {
            scope.close();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theAgentMakesTheContainersDockerComposeMakes() throws IOException {
        assertEquals(0, compose("up", "-d", "--no-build"), "docker-compose up");
        Project project = ProjectLoader.load(new LoadRequest(ours, List.of(new ComposeFile("compose.yaml",
                resource("compose.yaml"))), Files.readString(dir.resolve(".env")), Map.of("PASSWORD", "pw"),
                path -> Optional.empty(), dir)).project();
        new Deployer(docker).deploy(new ApplyContext(project, dir.toString(), List.of("compose.yaml"),
                scope.labels(), Map.of(), Duration.ofSeconds(60)), new PlanOptions(false, false), e -> { });

        // The comparison means something only if the reference holds what the file asks for.
        Map<String, Object> web = describe(container(theirs, "web"), theirs);
        List<?> backAliases = (List<?>) ((Map<?, ?>) web.get("networks")).get("P_back");
        assertTrue(backAliases.containsAll(List.of("frontend", "web")), String.valueOf(backAliases));
        assertEquals(2, ((Map<?, ?>) web.get("ports")).size());
        assertTrue(((List<?>) web.get("env")).contains("COLOR=blue"), web.get("env").toString());
        assertEquals(List.of("/etc/conf " + dir.resolve("conf") + " rw=false", "/run/secrets/token "
                + dir.resolve("token.txt") + " rw=false", "/scratch anonymous rw=true",
                "/var/lib/data P_data rw=true"), describe(container(theirs, "db"), theirs).get("mounts"));
        // docker-compose sees the agent's stack as one of its own projects.
        assertEquals(2, output(List.of("docker-compose", "-p", ours, "-f", dir.resolve("compose.yaml").toString(),
                "--project-directory", dir.toString(), "ps", "-q")).lines().filter(l -> !l.isBlank()).count());
        for (String service : List.of("db", "web")) {
            Map<String, Object> reference = describe(container(theirs, service), theirs);
            Map<String, Object> agent = describe(container(ours, service), ours);
            for (String key : reference.keySet()) {
                assertEquals(reference.get(key), agent.get(key), service + ": " + key);
            }
        }
    }

    private InspectContainerResponse container(String project, String service) {
        List<Container> found = docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(ComposeLabels.PROJECT, project, ComposeLabels.SERVICE, service)).exec();
        assertEquals(1, found.size(), project + "/" + service);
        return docker.inspectContainerCmd(found.getFirst().getId()).exec();
    }

    /** What the container was made with, project names replaced by {@code P} so both projects compare. */
    private Map<String, Object> describe(InspectContainerResponse c, String project) {
        Map<String, Object> d = new TreeMap<>();
        var config = c.getConfig();
        var host = c.getHostConfig();
        d.put("image", config.getImage());
        d.put("cmd", Arrays.asList(config.getCmd()));
        d.put("entrypoint", config.getEntrypoint() == null ? List.of() : Arrays.asList(config.getEntrypoint()));
        d.put("env", Arrays.stream(config.getEnv()).sorted().toList());
        Map<String, String> labels = new TreeMap<>(config.getLabels());
        labels.keySet().removeIf(k -> k.startsWith("com.docker.compose.") || k.equals(DockerScope.LABEL));
        d.put("labels", labels);
        d.put("compose.service", config.getLabels().get(ComposeLabels.SERVICE));
        d.put("compose.number", config.getLabels().get(ComposeLabels.CONTAINER_NUMBER));
        d.put("compose.oneoff", config.getLabels().get(ComposeLabels.ONEOFF));
        d.put("working_dir", config.getWorkingDir());
        d.put("user", config.getUser());
        d.put("hostname", "web".equals(config.getLabels().get(ComposeLabels.SERVICE)) ? config.getHostName() : "-");
        d.put("healthcheck", String.valueOf(config.getHealthcheck()));
        d.put("exposed", config.getExposedPorts() == null ? List.of()
                : Arrays.stream(config.getExposedPorts()).map(String::valueOf).sorted().toList());
        List<String> mounts = new ArrayList<>();
        c.getMounts().forEach(m -> mounts.add(m.getDestination().getPath() + " " + (m.getName() != null
                && m.getName().matches("[0-9a-f]{64}") ? "anonymous" : m.getName() != null
                ? m.getName().replace(project, "P") : m.getSource()) + " rw=" + m.getRW()));
        d.put("mounts", mounts.stream().sorted().toList());
        Map<String, List<String>> networks = new TreeMap<>();
        c.getNetworkSettings().getNetworks().forEach((name, n) -> networks.put(name.replace(project, "P"),
                n.getAliases() == null ? List.of() : n.getAliases().stream()
                        .filter(a -> !c.getId().startsWith(a)).sorted().toList()));
        d.put("networks", networks);
        Map<String, String> ports = new TreeMap<>();
        host.getPortBindings().getBindings().forEach((port, bindings) -> ports.put(port.toString(),
                bindings == null ? "" : Arrays.stream(bindings).map(b -> b.getHostIp() + ":" + b.getHostPortSpec())
                        .toList().toString()));
        d.put("ports", ports);
        d.put("restart", host.getRestartPolicy().toString());
        d.put("cap_add", host.getCapAdd() == null ? List.of() : Arrays.asList(host.getCapAdd()));
        d.put("cap_drop", host.getCapDrop() == null ? List.of() : Arrays.asList(host.getCapDrop()));
        d.put("extra_hosts", host.getExtraHosts() == null ? List.of() : Arrays.asList(host.getExtraHosts()));
        d.put("dns", host.getDns() == null ? List.of() : Arrays.asList(host.getDns()));
        d.put("init", String.valueOf(host.getInit()));
        d.put("read_only", String.valueOf(host.getReadonlyRootfs()));
        d.put("tmpfs", String.valueOf(host.getTmpFs()));
        d.put("shm_size", String.valueOf(host.getShmSize()));
        d.put("memory", String.valueOf(host.getMemory()));
        d.put("nano_cpus", String.valueOf(host.getNanoCPUs()));
        d.put("ulimits", host.getUlimits() == null ? List.of() : Arrays.stream(host.getUlimits())
                .map(u -> u.getName() + "=" + u.getSoftLong() + ":" + u.getHardLong()).toList());
        d.put("sysctls", String.valueOf(host.getSysctls()));
        d.put("log", host.getLogConfig().getType() + " " + host.getLogConfig().getConfig());
        d.put("network_mode", String.valueOf(host.getNetworkMode()).replace(project, "P"));
        return d;
    }

    private int compose(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker-compose", "-p", theirs, "-f",
                dir.resolve("compose.yaml").toString(), "--project-directory", dir.toString()));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private String output(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("PASSWORD", "pw");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private int run(List<String> cmd) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("PASSWORD", "pw");
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String resource(String name) {
        try (InputStream in = ComposeReferenceIT.class.getResourceAsStream("/reference/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
