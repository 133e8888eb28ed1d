package io.bollard.compose.apply;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deploys, redeploys, stops and removes stacks on the real engine through the library alone. */
class DeployerIT {

    private DockerScope scope;
    private DockerClient docker;
    private Deployer deployer;
    private String name;

    @BeforeEach
    void setUp() {
        scope = new DockerScope();
        docker = scope.docker();
        deployer = new Deployer(docker);
        name = "it-" + scope.id();
    }

    @AfterEach
    void tearDown() {
        scope.close(); // everything the deployer made carries the scope's label
    }

    private String stack(String webEnv) {
        return """
                services:
                  db:
                    image: %1$s
                    command: ["sh", "-c", "echo ready > /data/ready; exec sleep 600"]
                    stop_grace_period: 1s
                    volumes: ["data:/data"]
                    healthcheck:
                      test: ["CMD", "test", "-f", "/data/ready"]
                      interval: 1s
                      retries: 30
                  web:
                    image: %1$s
                    command: sleep 600
                    stop_grace_period: 1s
                    environment:
                      MODE: %2$s
                    volumes: ["/cache"]
                    depends_on:
                      db:
                        condition: service_healthy
                volumes:
                  data: {}
                """.formatted(TestDocker.busybox(), webEnv);
    }

    private Project load(String yaml) {
        return ProjectLoader.load(new LoadRequest(name, List.of(new ComposeFile("compose.yaml", yaml)), null,
                Map.of(), path -> Optional.empty(), Path.of("/tmp/" + name))).project();
    }

    private ApplyContext context(Project project) {
        return new ApplyContext(project, "/tmp/" + name, List.of("compose.yaml"), scope.labels(), Map.of(),
                Duration.ofSeconds(60));
    }

    private InspectContainerResponse inspect(String container) {
        return docker.inspectContainerCmd(container).exec();
    }

    @Test
    void deploysInDependencyOrderAndRecreatesOnlyWhatChanged() {
        List<ProgressEvent> events = new ArrayList<>();
        List<String> done = deployer.deploy(context(load(stack("one"))), new PlanOptions(false, false), events::add);
        assertEquals(List.of("create network " + name + "_default", "create volume " + name + "_data",
                "create container " + name + "-db-1", "start container " + name + "-db-1",
                "wait healthy " + name + "-db-1", "create container " + name + "-web-1",
                "start container " + name + "-web-1"), done);
        assertEquals(List.of("started", "done"), events.stream().filter(e -> e.step().equals(done.getFirst()))
                .map(ProgressEvent::status).toList());

        InspectContainerResponse web = inspect(name + "-web-1");
        Map<String, String> labels = web.getConfig().getLabels();
        assertEquals(name, labels.get(ComposeLabels.PROJECT));
        assertEquals("web", labels.get(ComposeLabels.SERVICE));
        assertEquals("1", labels.get(ComposeLabels.CONTAINER_NUMBER));
        assertEquals("False", labels.get(ComposeLabels.ONEOFF));
        assertEquals("db:service_healthy:false", labels.get(ComposeLabels.DEPENDS_ON));
        assertEquals(scope.id(), labels.get(DockerScope.LABEL), "the caller's labels are added");
        assertTrue(web.getNetworkSettings().getNetworks().get(name + "_default").getAliases().contains("web"));
        assertTrue(web.getState().getRunning());
        String dbId = inspect(name + "-db-1").getId();

        // Data in web's anonymous volume must survive web's recreation.
        exec(name + "-web-1", "sh", "-c", "echo kept > /cache/file");

        assertEquals(List.of(), deployer.deploy(context(load(stack("one"))), new PlanOptions(false, false), e -> { }),
                "the same file again changes nothing");
        assertEquals(web.getId(), inspect(name + "-web-1").getId());

        List<String> redone = deployer.deploy(context(load(stack("two"))), new PlanOptions(false, false), e -> { });
        assertEquals(List.of("wait healthy " + name + "-db-1", "recreate container " + name + "-web-1",
                "start container " + name + "-web-1"), redone);
        InspectContainerResponse newWeb = inspect(name + "-web-1");
        assertNotEquals(web.getId(), newWeb.getId());
        assertTrue(List.of(newWeb.getConfig().getEnv()).contains("MODE=two"));
        assertEquals(dbId, inspect(name + "-db-1").getId(), "db did not change and was left running");
        assertEquals("kept\n", exec(name + "-web-1", "cat", "/cache/file"));
    }

    @Test
    void aRedeployThatChangesAnExistingNetworkIsRefusedBeforeAnythingIsDone() {
        String yaml = """
                services:
                  web:
                    image: %s
                    command: sleep 600
                    stop_grace_period: 1s
                    networks: [back]
                networks:
                  back:
                    ipam:
                      config:
                        - subnet: 10.231.7.0/24
                """.formatted(TestDocker.busybox());
        deployer.deploy(context(load(yaml)), new PlanOptions(false, false), e -> { });
        String webId = inspect(name + "-web-1").getId();
        // The same file again: nothing differs, nothing is refused.
        deployer.deploy(context(load(yaml)), new PlanOptions(false, false), e -> { });

        String changed = yaml.replace("    ipam:", "    internal: true\n    attachable: true\n    ipam:")
                .replace("10.231.7.0/24", "10.231.8.0/24");
        io.bollard.compose.ComposeException e = assertThrows(io.bollard.compose.ComposeException.class,
                () -> deployer.deploy(context(load(changed)), new PlanOptions(false, false), x -> { }));
        assertEquals("networks.back: network " + name + "_back exists with other settings (internal false, the file "
                + "says true, attachable false, the file says true, subnets [10.231.7.0/24], the file says "
                + "[10.231.8.0/24]); remove the stack (or the network) and deploy again to apply them",
                e.getMessage());
        assertEquals(webId, inspect(name + "-web-1").getId());
        assertTrue(inspect(name + "-web-1").getState().getRunning());
    }

    @Test
    void stopThenRemoveKeepsNamedVolumesUnlessAsked() {
        Project project = load(stack("one"));
        deployer.deploy(context(project), new PlanOptions(false, false), e -> { });
        assertEquals(List.of("stop container " + name + "-web-1", "stop container " + name + "-db-1"),
                deployer.stop(name, project, e -> { }));
        assertEquals("exited", inspect(name + "-db-1").getState().getStatus());
        // web's anonymous volume (/cache) outlives its container, as with Compose: this test removes it itself.
        List<String> anonymous = inspect(name + "-web-1").getMounts().stream()
                .filter(m -> "/cache".equals(m.getDestination().getPath())).map(m -> m.getName()).toList();
        assertEquals(1, anonymous.size(), anonymous.toString());

        List<String> removed = deployer.down(name, project, false, e -> { });
        assertEquals(List.of("remove container " + name + "-web-1", "remove container " + name + "-db-1",
                "remove network " + name + "_default"), removed);
        docker.inspectVolumeCmd(name + "_data").exec();

        assertEquals(List.of("remove volume " + name + "_data"), deployer.down(name, project, true, e -> { }));
        assertThrows(NotFoundException.class, () -> docker.inspectVolumeCmd(name + "_data").exec());
        docker.removeVolumeCmd(anonymous.getFirst()).exec();
    }

    @Test
    void stacksDeployedAtOnceShareTheNetworkTheyNameInsteadOfMakingOneEach() throws Exception {
        String shared = name + "-shared";
        List<String> stacks = List.of(name + "-a", name + "-b", name + "-c", name + "-d");
        List<java.util.concurrent.Future<List<String>>> deploys = new java.util.ArrayList<>();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(stacks.size());
        try {
            for (String stack : stacks) {
                Project project = ProjectLoader.load(new LoadRequest(stack, List.of(new ComposeFile("compose.yaml", """
                        services:
                          x:
                            image: %s
                            command: sleep 600
                            stop_grace_period: 1s
                            networks: [shared]
                        networks:
                          shared: {name: %s}
                        """.formatted(TestDocker.busybox(), shared))), null, Map.of(), path -> Optional.empty(),
                        Path.of("/tmp/" + stack))).project();
                deploys.add(threads.submit(() -> deployer.deploy(new ApplyContext(project, "/tmp/" + stack,
                        List.of("compose.yaml"), scope.labels(), Map.of(), Duration.ofSeconds(60)),
                        new PlanOptions(false, false), e -> { })));
            }
            for (var deploy : deploys) {
                deploy.get(); // each one succeeds: no "network is ambiguous"
            }
        } finally {
            threads.shutdown(); // every deploy ends before the scope's cleanup runs
            threads.awaitTermination(2, java.util.concurrent.TimeUnit.MINUTES);
        }
        assertEquals(1, docker.listNetworksCmd().withNameFilter(shared).exec().stream()
                .filter(n -> n.getName().equals(shared)).count());
        for (String stack : stacks) {
            assertTrue(inspect(stack + "-x-1").getNetworkSettings().getNetworks().containsKey(shared), stack);
        }
    }

    @Test
    void aVolumeWhoseDriverOptionsChangedIsRefusedNotQuietlyKept() {
        String plain = """
                services:
                  x:
                    image: %s
                    command: sleep 600
                    stop_grace_period: 1s
                    volumes: ["v:/v"]
                volumes:
                  v: {}
                """.formatted(TestDocker.busybox());
        deployer.deploy(context(load(plain)), new PlanOptions(false, false), e -> { });
        Project tmpfs = load(plain.replace("v: {}", "v: {driver_opts: {type: tmpfs, device: tmpfs}}"));
        io.bollard.compose.ComposeException refused = assertThrows(io.bollard.compose.ComposeException.class,
                () -> deployer.deploy(context(tmpfs), new PlanOptions(false, false), e -> { }));
        assertTrue(refused.getMessage().contains("volumes.v: volume " + name + "_v exists with other settings"),
                refused.getMessage());
        docker.inspectVolumeCmd(name + "_v").exec(); // kept, with its data
    }

    @Test
    void anonymousVolumesOutliveARemoveWithoutVolumes() {
        Project project = load("""
                services:
                  db:
                    image: %s
                    command: sleep 600
                    stop_grace_period: 1s
                    volumes: ["/anon"]
                """.formatted(TestDocker.busybox()));
        deployer.deploy(context(project), new PlanOptions(false, false), e -> { });
        String kept = anonymousVolume(name + "-db-1");
        try {
            assertEquals(List.of("stop container " + name + "-db-1", "remove container " + name + "-db-1",
                    "remove network " + name + "_default"), deployer.down(name, project, false, e -> { }));
            docker.inspectVolumeCmd(kept).exec(); // still there: a database's data in an image's VOLUME
        } finally {
            docker.removeVolumeCmd(kept).exec();
        }
        deployer.deploy(context(project), new PlanOptions(false, false), e -> { });
        String removed = anonymousVolume(name + "-db-1");
        assertTrue(deployer.down(name, project, true, e -> { })
                .contains("remove container " + name + "-db-1 with its anonymous volumes"));
        assertThrows(NotFoundException.class, () -> docker.inspectVolumeCmd(removed).exec());
    }

    @Test
    void anonymousVolumesARecreateCarriedOverGoWithARemoveWithVolumes() {
        String yaml = """
                services:
                  db:
                    image: %s
                    command: sleep 600
                    stop_grace_period: 1s
                    environment: {V: "%%s"}
                    volumes: ["/anon"]
                """.formatted(TestDocker.busybox());
        deployer.deploy(context(load(yaml.formatted("1"))), new PlanOptions(false, false), e -> { });
        String volume = anonymousVolume(name + "-db-1");
        Project changed = load(yaml.formatted("2"));
        assertTrue(deployer.deploy(context(changed), new PlanOptions(false, false), e -> { })
                .contains("recreate container " + name + "-db-1"));
        assertEquals(volume, anonymousVolume(name + "-db-1"), "carried over by name, with its data");
        assertTrue(deployer.down(name, changed, true, e -> { })
                .contains("remove container " + name + "-db-1 with its anonymous volumes"));
        // Docker counts a volume mounted by name as named and kept it (an outside audit's find).
        assertThrows(NotFoundException.class, () -> docker.inspectVolumeCmd(volume).exec());
    }

    private String anonymousVolume(String container) {
        return inspect(container).getMounts().stream().filter(m -> "/anon".equals(m.getDestination().getPath()))
                .findFirst().orElseThrow().getName();
    }

    @Test
    void aRefusedStepStopsTheDeployWithTheEnginesMessageAndARedeployRecovers() {
        String yaml = """
                services:
                  a:
                    image: %1$s
                    command: sleep 600
                    ports: ["127.0.0.1:%2$d:80"]
                  b:
                    image: %1$s
                    command: sleep 600
                    ports: ["127.0.0.1:%2$d:80"]
                """.formatted(TestDocker.busybox(), 20000 + (int) (Math.random() * 20000));
        List<ProgressEvent> events = new ArrayList<>();
        ApplyException e = assertThrows(ApplyException.class,
                () -> deployer.deploy(context(load(yaml)), new PlanOptions(false, false), events::add));
        // a and b start at the same time; the engine gives the port to one of them.
        String failed = e.failed().toString();
        String other = failed.endsWith("-a-1") ? "start container " + name + "-b-1" : "start container " + name + "-a-1";
        assertTrue(List.of("start container " + name + "-a-1", "start container " + name + "-b-1").contains(failed),
                failed);
        assertTrue(e.reason().contains("port is already allocated") || e.reason().contains("address already in use"),
                e.reason());
        assertEquals(List.of("create network " + name + "_default", "create container " + name + "-a-1",
                "create container " + name + "-b-1", other).stream().sorted().toList(),
                e.done().stream().sorted().toList());
        assertTrue(events.stream().anyMatch(ev -> ev.status().equals("error") && ev.step().equals(failed)));

        String fixed = yaml.replaceAll("127\\.0\\.0\\.1:\\d+:80", "127.0.0.1::80");
        List<String> recovered = deployer.deploy(context(load(fixed)), new PlanOptions(false, false), ev -> { });
        assertTrue(recovered.containsAll(List.of("recreate container " + name + "-a-1",
                "recreate container " + name + "-b-1")), recovered.toString());
        for (String c : List.of(name + "-a-1", name + "-b-1")) {
            assertTrue(inspect(c).getState().getRunning(), c + " runs after the redeploy");
        }
    }

    @Test
    void aServiceWaitsForAJobToCompleteAndAFailedJobStopsTheDeploy() {
        String yaml = """
                services:
                  migrate:
                    image: %1$s
                    command: ["sh", "-c", "sleep 1; exit %2$d"]
                  app:
                    image: %1$s
                    command: sleep 600
                    stop_grace_period: 1s
                    depends_on:
                      migrate:
                        condition: service_completed_successfully
                """;
        List<String> done = deployer.deploy(context(load(yaml.formatted(TestDocker.busybox(), 0))),
                new PlanOptions(false, false), e -> { });
        assertTrue(done.indexOf("wait completed " + name + "-migrate-1") < done.indexOf("start container " + name
                + "-app-1"), done.toString());
        assertEquals(0L, inspect(name + "-migrate-1").getState().getExitCodeLong());

        ApplyException e = assertThrows(ApplyException.class, () -> deployer.deploy(
                context(load(yaml.formatted(TestDocker.busybox(), 3))), new PlanOptions(false, false), ev -> { }));
        assertEquals("wait completed " + name + "-migrate-1", e.failed().toString());
        assertEquals("container " + name + "-migrate-1 exited with code 3", e.reason());
    }

    @Test
    void dataInAVolumeTheImageDeclaresSurvivesARecreate() throws Exception {
        java.nio.file.Path context = java.nio.file.Files.createTempDirectory("bollard-volume-image");
        java.nio.file.Files.writeString(context.resolve("Dockerfile"), "FROM " + TestDocker.busybox()
                + "\nVOLUME /data\n");
        String image = "bollard-test/volume-image:" + scope.id();
        try {
            docker.buildImageCmd(context.toFile()).withTags(java.util.Set.of(image))
                    .withLabels(scope.labels()).start().awaitImageId();
            String yaml = "services:\n  db:\n    image: " + image + "\n    command: sleep 600\n"
                    + "    stop_grace_period: 1s\n    environment: {V: \"%s\"}\n";
            deployer.deploy(context(load(yaml.formatted("1"))), new PlanOptions(false, false), e -> { });
            exec(name + "-db-1", "sh", "-c", "echo precious > /data/file");
            List<String> done = deployer.deploy(context(load(yaml.formatted("2"))), new PlanOptions(false, false),
                    e -> { });
            assertTrue(done.contains("recreate container " + name + "-db-1"), done.toString());
            assertEquals("precious\n", exec(name + "-db-1", "cat", "/data/file"));
        } finally {
            scope.close();
            docker.removeImageCmd(image).withForce(true).exec();
            java.nio.file.Files.delete(context.resolve("Dockerfile"));
            java.nio.file.Files.delete(context);
        }
    }

    private String exec(String container, String... cmd) {
        var created = docker.execCreateCmd(container).withCmd(cmd).withAttachStdout(true).withAttachStderr(true).exec();
        var out = new java.io.ByteArrayOutputStream();
        try {
            docker.execStartCmd(created.getId()).exec(new com.github.dockerjava.api.async.ResultCallback.Adapter<
                    com.github.dockerjava.api.model.Frame>() {
                @Override
                public void onNext(com.github.dockerjava.api.model.Frame frame) {
                    out.writeBytes(frame.getPayload());
                }
            }).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
