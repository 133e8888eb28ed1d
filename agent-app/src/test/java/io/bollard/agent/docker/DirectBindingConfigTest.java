package io.bollard.agent.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        // The trade made for speed: docker-java's copy of every field as a "raw value" is not kept, only the
        // fields the model does not know.
        assertEquals(Map.of("SomeFieldOfANewerEngine", Map.of("x", List.of(1, 2))), c.getRawValues());
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
    void fieldsTheModelDoesNotKnowAreKeptAndWrittenBack() throws Exception {
        String json = """
                {"Id":"abc123","Config":{"Image":"busybox","StopSignal":"SIGINT","StopTimeout":33},
                 "HostConfig":{"Memory":5,"MaskedPaths":[],"CgroupnsMode":"host"}}
                """;

        InspectContainerResponse inspected = config.getObjectMapper().readValue(json, InspectContainerResponse.class);

        assertEquals(Map.of("StopSignal", "SIGINT", "StopTimeout", 33), inspected.getConfig().getRawValues());
        String hostConfig = config.getObjectMapper().writeValueAsString(inspected.getHostConfig().withMemory(6L));
        Map<?, ?> written = config.getObjectMapper().readValue(hostConfig, Map.class);
        assertEquals(6, written.get("Memory"));
        assertEquals(List.of(), written.get("MaskedPaths"));
        assertEquals("host", written.get("CgroupnsMode"));
    }

    @Test
    void takesEverythingElseFromTheDelegate() {
        assertEquals(URI.create("unix:///var/run/docker.sock"), config.getDockerHost());
        assertEquals(delegate.getApiVersion(), config.getApiVersion());
        assertEquals(delegate.getSSLConfig(), config.getSSLConfig());
        assertEquals(delegate.getRegistryUrl(), config.getRegistryUrl());
    }
}
