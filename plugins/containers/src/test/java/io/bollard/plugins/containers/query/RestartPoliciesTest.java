package io.bollard.plugins.containers.query;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.filter.LabelFilter;
import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A policy that cannot be looked up is unknown (null), not a wrong {@code no}; a removed container's is {@code no}.
 * (A Docker failure on one inspect between a list and its policies cannot be made on demand with a real engine.)
 */
class RestartPoliciesTest {

    @Test
    void aFailedLookUpIsUnknownAndARemovedContainerHasNone() {
        VisibleContainers failing = new VisibleContainers(null, LabelFilter.none()) {
            @Override
            public InspectContainerResponse inspect(String reference) {
                throw reference.equals("gone") ? ApiException.notFound("No such container: gone")
                        : new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "docker_unavailable", "down");
            }
        };
        assertEquals(Arrays.asList("no", null), new RestartPolicies(failing).of(List.of("gone", "flaky")));
    }
}
