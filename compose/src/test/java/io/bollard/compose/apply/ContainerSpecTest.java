package io.bollard.compose.apply;

import io.bollard.compose.model.Project;
import io.bollard.compose.plan.ComposeLabels;
import io.bollard.compose.load.ComposeFile;
import io.bollard.compose.load.LoadRequest;
import io.bollard.compose.load.ProjectLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ContainerSpecTest {

    @Test
    void namespacesJoinedFromAnotherServiceAreRecordedAsDependencies() {
        Project project = ProjectLoader.load(new LoadRequest("demo", List.of(new ComposeFile("compose.yaml", """
                services:
                  full:
                    image: busybox
                  other:
                    image: busybox
                    network_mode: service:full
                    depends_on: [db]
                  db:
                    image: busybox
                """)), null, Map.of(), path -> Optional.empty(), Path.of("/stacks/demo"))).project();
        ContainerSpec spec = new ContainerSpec(new ApplyContext(project, "/stacks/demo", List.of("compose.yaml"),
                Map.of(), Map.of(), Duration.ZERO));
        assertEquals("db:service_started:false,full:service_started:true",
                spec.labels(project.services().get("other"), 1).get(ComposeLabels.DEPENDS_ON));
        assertEquals("", spec.labels(project.services().get("full"), 1).get(ComposeLabels.DEPENDS_ON));
    }
}
