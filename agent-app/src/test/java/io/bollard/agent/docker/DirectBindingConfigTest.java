package io.bollard.agent.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectBindingConfigTest {

    private final DockerClientConfig delegate = DefaultDockerClientConfig.createDefaultConfigBuilder()
            .withDockerHost("unix:///var/run/docker.sock")
            .withDockerTlsVerify(false)
            .build();
    private final DirectBindingConfig config = new DirectBindingConfig(delegate);

    @Test
    void bindsAListAnswerIgnoringFieldsTheModelDoesNotKnow() throws Exception {
        String json = """
                [{"Id":"abc123","Names":["/web"],"Image":"busybox","State":"running",
                  "Labels":{"app":"web"},"Ports":[{"PrivatePort":80,"PublicPort":8080,"Type":"tcp"}],
                  "HostConfig":{"NetworkMode":"bridge"},"SomeFieldOfANewerEngine":{"x":[1,2]}}]
                """;

        Container[] listed = config.getObjectMapper().readValue(json, Container[].class);

        assertEquals(1, listed.length);
        Container c = listed[0];
        assertEquals("abc123", c.getId());
        assertEquals("/web", c.getNames()[0]);
        assertEquals(Map.of("app", "web"), c.getLabels());
        assertEquals(8080, c.getPorts()[0].getPublicPort());
        assertEquals("bridge", c.getHostConfig().getNetworkMode());
        // The trade made for speed: docker-java's copy of every field as a "raw value" is not kept.
        assertTrue(c.getRawValues().isEmpty());
    }

    @Test
    void bindsNestedObjectsOfAnInspectAnswer() throws Exception {
        String json = """
                {"Id":"abc123","Name":"/web","Config":{"Labels":{"a":"b"},"Env":["X=1"]},
                 "HostConfig":{"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":3}}}
                """;

        InspectContainerResponse inspected = config.getObjectMapper().readValue(json, InspectContainerResponse.class);

        assertEquals("/web", inspected.getName());
        assertEquals(Map.of("a", "b"), inspected.getConfig().getLabels());
        RestartPolicy policy = inspected.getHostConfig().getRestartPolicy();
        assertEquals("on-failure", policy.getName());
        assertEquals(3, policy.getMaximumRetryCount());
    }

    @Test
    void takesEverythingElseFromTheDelegate() {
        assertEquals(URI.create("unix:///var/run/docker.sock"), config.getDockerHost());
        assertEquals(delegate.getApiVersion(), config.getApiVersion());
        assertEquals(delegate.getSSLConfig(), config.getSSLConfig());
        assertEquals(delegate.getRegistryUrl(), config.getRegistryUrl());
    }
}
