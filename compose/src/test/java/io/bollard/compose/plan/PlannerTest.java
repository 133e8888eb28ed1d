package io.bollard.compose.plan;

import io.bollard.compose.ComposeException;
import io.bollard.compose.load.ComposeFile;
import io.bollard.compose.load.LoadRequest;
import io.bollard.compose.load.ProjectLoader;
import io.bollard.compose.model.Project;
import io.bollard.compose.model.Service;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden tests: each plan printed and compared with a file under {@code plan/}. */
class PlannerTest {

    private static final Map<String, String> IMAGES = Map.of("web:1", "sha256:w", "api:1", "sha256:a",
            "db:1", "sha256:d");

    static String resource(String name) {
        try (InputStream in = PlannerTest.class.getResourceAsStream("/plan/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Project project(String yaml) {
        return ProjectLoader.load(new LoadRequest("demo", List.of(new ComposeFile("compose.yaml", yaml)), null,
                Map.of(), path -> Optional.empty(), Path.of("/stacks/demo"))).project();
    }

    /** The engine as the plan for {@code project} would leave it. */
    static List<ObservedContainer> running(Project project) {
        List<ObservedContainer> out = new ArrayList<>();
        for (Service s : project.services().values()) {
            for (int n = 1; n <= s.replicas(); n++) {
                out.add(new ObservedContainer("id-" + s.name() + n, ComposeLabels.containerName("demo", s.name(), n),
                        s.name(), n, ConfigHash.of(s), IMAGES.get(s.image()), "running", null,
                        List.copyOf(s.dependsOn().keySet())));
            }
        }
        return out;
    }

    static ObservedState state(List<ObservedContainer> containers) {
        return new ObservedState(containers, Set.of("demo_default"), Set.of("demo_data"), IMAGES);
    }

    @Test
    void aFreshDeployCreatesEverythingInDependencyOrderWithWaits() {
        Plan plan = Planner.plan(project(resource("stack.yaml")), ObservedState.EMPTY, new PlanOptions(false, false));
        assertEquals(resource("fresh.txt"), plan.print());
    }

    @Test
    void aRedeployOfTheSameFileChangesNothing() {
        Project p = project(resource("stack.yaml"));
        assertEquals(resource("unchanged.txt"), Planner.plan(p, state(running(p)), new PlanOptions(true, false))
                .print());
    }

    @Test
    void onlyTheChangedServiceIsRecreated() {
        Project before = project(resource("stack.yaml"));
        Project after = project(resource("stack.yaml").replace("\"8080:80\"", "\"8081:80\""));
        assertEquals(resource("web-changed.txt"), Planner.plan(after, state(running(before)),
                new PlanOptions(false, false)).print());
    }

    @Test
    void changedInputsRecreateTheServiceButAMissingLabelDoesNot() {
        Project p = project(resource("stack.yaml"));
        List<ObservedContainer> labelled = new ArrayList<>();
        for (ObservedContainer c : running(p)) {
            labelled.add(new ObservedContainer(c.id(), c.name(), c.service(), c.number(), c.configHash(), c.imageId(),
                    c.state(), c.health(), c.dependsOn(), "inputs-" + c.service()));
        }
        Map<String, String> same = new java.util.HashMap<>();
        p.services().keySet().forEach(name -> same.put(name, "inputs-" + name));
        assertEquals(resource("unchanged.txt"), Planner.plan(p, state(labelled), new PlanOptions(true, false, same))
                .print());
        Map<String, String> dbChanged = new java.util.HashMap<>(same);
        dbChanged.put("db", "inputs-db-2");
        String plan = Planner.plan(p, state(labelled), new PlanOptions(false, false, dbChanged)).print();
        assertTrue(plan.contains("recreate container demo-db-1\n"), plan);
        // Containers made before the label existed are not recreated for it.
        assertEquals(resource("unchanged.txt"), Planner.plan(p, state(running(p)), new PlanOptions(true, false,
                dbChanged)).print());
    }

    @Test
    void aNewImageIdRecreatesItsContainers() {
        Project p = project(resource("stack.yaml"));
        Map<String, String> images = new java.util.HashMap<>(IMAGES);
        images.put("db:1", "sha256:newer");
        Plan plan = Planner.plan(p, new ObservedState(running(p), Set.of("demo_default"), Set.of("demo_data"),
                images), new PlanOptions(false, false));
        assertTrue(plan.print().contains("recreate container demo-db-1\n"), plan.print());
    }

    @Test
    void scaleDownOrphansAndStoppedContainers() {
        Project p = project(resource("stack.yaml"));
        List<ObservedContainer> observed = new ArrayList<>(running(p));
        observed.add(new ObservedContainer("id-old", "demo-old-1", "old", 1, "x", null, "running", null, null));
        observed.add(new ObservedContainer("id-api3", "demo-api-3", "api", 3, "x", null, "running", null, null));
        int at = observed.indexOf(observed.stream().filter(c -> c.service().equals("db")).findFirst().orElseThrow());
        ObservedContainer db = observed.get(at);
        observed.set(at, new ObservedContainer(db.id(), db.name(), db.service(), db.number(), db.configHash(),
                db.imageId(), "exited", null, db.dependsOn()));
        assertEquals(resource("scaled-orphans.txt"), Planner.plan(p, state(observed), new PlanOptions(true, false))
                .print());
        observed.removeIf(c -> c.name().equals("demo-api-3"));
        observed.set(at, db);
        assertEquals(resource("orphans-kept.txt"), Planner.plan(p, state(observed), new PlanOptions(false, false))
                .print());
    }

    @Test
    void containersOfAServiceAProfileSwitchedOffAreNotOrphans() {
        String yaml = "services:\n  web:\n    image: web:1\n  debug:\n    image: api:1\n    profiles: [debug]\n";
        Project withDebug = ProjectLoader.load(new LoadRequest("demo", List.of(new ComposeFile("compose.yaml", yaml)),
                null, Map.of("COMPOSE_PROFILES", "debug"), path -> Optional.empty(), Path.of("/stacks/demo")))
                .project();
        Project p = project(yaml);
        assertEquals(Set.of("debug"), p.disabled());
        String plan = Planner.plan(p, state(running(withDebug)), new PlanOptions(true, false)).print();
        assertEquals("keep container demo-web-1\n", plan);
        List<ObservedContainer> observed = new ArrayList<>(running(withDebug));
        observed.add(new ObservedContainer("id-gone", "demo-gone-1", "gone", 1, "x", null, "running", null, null));
        assertEquals("1 stop container demo-gone-1\n1 remove container demo-gone-1\nkeep container demo-web-1\n",
                Planner.plan(p, state(observed), new PlanOptions(true, false)).print());
    }

    @Test
    void aMissingExternalNetworkIsReportedBeforeAnythingIsDone() {
        Project p = project("services:\n  a:\n    image: web:1\n    networks: [edge]\n"
                + "networks:\n  edge:\n    external: true\n");
        ComposeException e = assertThrows(ComposeException.class,
                () -> Planner.plan(p, state(List.of()), new PlanOptions(false, false)));
        assertEquals("networks.edge: external network edge does not exist", e.getMessage());
    }

    @Test
    void aServiceInAnothersNetworkIsRecreatedWithIt() {
        String yaml = "services:\n  vpn:\n    image: db:1\n    environment: {V: \"%s\"}\n"
                + "  app:\n    image: web:1\n    network_mode: service:vpn\n";
        Project before = project(yaml.formatted("1"));
        String plan = Planner.plan(project(yaml.formatted("2")), state(running(before)),
                new PlanOptions(false, false)).print();
        assertTrue(plan.contains("recreate container demo-vpn-1\n"), plan);
        assertTrue(plan.contains("recreate container demo-app-1\n"), plan);
    }

    @Test
    void stopAndDownTakeDependentsFirst() {
        Project p = project(resource("stack.yaml"));
        ObservedState observed = new ObservedState(running(p), Set.of("demo_default"), Set.of("demo_data"), IMAGES);
        assertEquals(resource("stop.txt"), Planner.stop(observed).print());
        assertEquals(resource("down.txt"), Planner.down(observed, true).print());
        // Without volumes, containers go without their anonymous volumes too, as Compose's down without -v.
        assertEquals(resource("down.txt").replace(" with its anonymous volumes", "")
                .replace("4 remove volume demo_data\n", ""), Planner.down(observed, false).print());
    }

    @Test
    void pullAlwaysPullsPresentImages() {
        Project p = project("services:\n  a:\n    image: web:1\n");
        assertEquals("0 pull image web:1\n", Planner.plan(p, new ObservedState(running(p), Set.of("demo_default"),
                Set.of(), IMAGES), new PlanOptions(false, true)).print().lines().findFirst().orElseThrow() + "\n");
    }
}
