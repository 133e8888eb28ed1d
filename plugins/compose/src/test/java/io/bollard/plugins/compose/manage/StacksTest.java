package io.bollard.plugins.compose.manage;

import io.bollard.plugins.compose.stack.DeployOutcome;
import org.junit.jupiter.api.Test;

import java.util.List;

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
}
