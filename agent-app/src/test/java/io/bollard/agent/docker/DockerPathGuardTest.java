package io.bollard.agent.docker;

import io.bollard.plugin.error.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DockerPathGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "/v1.41/images/../containers/x/json",
        "/v1.41/images/x/../../containers/x?force=true",
        "/v1.41/containers//../json",
        "/v1.41/volumes/x/%2e%2E",
        "/v1.41/images/./json",
        "/v1.41/images/%2E/json",
        "/v1.41/volumes/..%2Fcontainers%2Fx%2Fjson",
        "/v1.41/volumes/..%2F..%2Fversion",
        "/v1.41/images/x%2F..%2F..%2Fcontainers%2Fy?force=true",
        "/v1.41/images/x%252F..%252F..%252Fcontainers%252Fy",
        "/v1.41/volumes/a%23b",
    })
    void dotSegmentsAreRefused(String path) {
        ApiException e = assertThrows(ApiException.class, () -> DockerPathGuard.check(path));
        assertEquals(400, e.status().getCode());
        assertEquals("bad_request", e.code());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/v1.41/images/127.0.0.1:5000/team/app:1.2/json",
        "/v1.41/images/sha256:abc123/json",
        "/v1.41/containers/json?all=true&filters=%7B%22name%22%3A%5B%22..%22%5D%7D",
        "/v1.41/volumes/my.vol..x",
        "/v1.41/images/127.0.0.1:5000%2Fteam%2Fapp:1.2/json",
        "/v1.41/containers/abc/archive?path=/etc/../x",
        "/_ping",
    })
    void ordinaryPathsPass(String path) {
        assertDoesNotThrow(() -> DockerPathGuard.check(path));
    }
}
