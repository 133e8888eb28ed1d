package io.bollard.plugins.compose.manage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Container;
import io.bollard.plugins.compose.stack.DeployOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class StacksTest {

    private static final DeployOutcome RUNNING = new DeployOutcome("running", List.of("create network a_default"),
            null, null, List.of(), "2026-11-24T12:00:00Z", null);

    @Test
    void aDeployRecordedAsRunningWhileNoneRunsWasInterrupted() {
        DeployOutcome seen = Stacks.seen(RUNNING, false);
        assertEquals("interrupted", seen.status());
        assertEquals(RUNNING.operations(), seen.operations());
        assertEquals(RUNNING.startedAt(), seen.startedAt());
    }

    @Test
    void aRunningDeployAndAnEndedOneAreShownAsRecorded() {
        assertSame(RUNNING, Stacks.seen(RUNNING, true));
        DeployOutcome done = new DeployOutcome("done", List.of(), null, null, List.of(), "t", "t2");
        assertSame(done, Stacks.seen(done, false));
    }

    /** A container as Docker lists it (docker-java's model has no setters: it is read from Docker's JSON). */
    private static Container container(String service, String state) throws Exception {
        return new ObjectMapper().convertValue(Map.of("Id", service + "-id", "Names", List.of("/s-" + service + "-1"),
                "State", state, "Status", state.equals("running") ? "Up 5 seconds" : "Exited (1) 2 seconds ago",
                "Labels", Map.of("com.docker.compose.project", "s", "com.docker.compose.service", service,
                        "com.docker.compose.container-number", "1")), Container.class);
    }

    @Test
    void aServiceTheLastDeployMeantToRunWithoutAContainerIsMissingAndTheStackPartial() throws Exception {
        StackView view = Stacks.view("s", "agent", List.of(container("db", "running")), List.of("app", "db"),
                false);
        assertEquals("partial", view.status());
        assertEquals(List.of("app", "db"), view.services().stream().map(StackView.ServiceView::name).toList());
        assertEquals(Stacks.MISSING, view.services().get(0).state());
        assertEquals(List.of(), view.services().get(0).containers());
        assertEquals("running", view.services().get(1).state());

        assertEquals("running", Stacks.view("s", "agent", List.of(container("db", "running")), List.of("db"), false)
                .status());
        // Records from before the services were kept name none: nothing is missing.
        assertEquals("running", Stacks.view("s", "agent", List.of(container("db", "running")), List.of(), false)
                .status());
        assertEquals("stopped", Stacks.view("s", "agent", List.of(container("db", "exited")), List.of("app", "db"),
                false).status());
    }
}
