package io.bollard.plugin.docker;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.bollard.plugin.error.ApiException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DockerErrorsTest {

    @Test
    void dockerStatusesKeepTheirMeaningAndMessage() {
        ApiException nf = DockerErrors.map(new NotFoundException("Status 404: {\"message\":\"No such image: x\"}\n"));
        assertEquals(404, nf.status().getCode());
        assertEquals("No such image: x", nf.getMessage());
        assertEquals(409, DockerErrors.map(new ConflictException("Status 409: {\"message\":\"in use\"}")).status().getCode());
        assertEquals(400, DockerErrors.map(new BadRequestException("bad")).status().getCode());
        ApiException server = DockerErrors.map(new InternalServerErrorException("Status 500: {\"message\":\"boom \\\"x\\\"\"}"));
        assertEquals(502, server.status().getCode());
        assertEquals("boom \"x\"", server.getMessage());
    }

    @Test
    void aConflictingNetworkIsNotNamed() {
        ApiException e = DockerErrors.map(new InternalServerErrorException("Status 500: {\"message\":\"cannot create "
                + "network aa46ed6f06c2 (br-7b3433b846e1): conflicts with network "
                + "7b3433b846e1f011690e05909e8e5c4fb01a481458c6dd6d537b7c27a6353c57 (br-7b3433b846e1): networks have "
                + "same bridge name\"}"));
        assertEquals("cannot create network aa46ed6f06c2 (br-7b3433b846e1): conflicts with another network "
                + "(br-7b3433b846e1): networks have same bridge name", e.getMessage());
    }

    @Test
    void aNetworkInUseIsAConflict() {
        ApiException e = DockerErrors.map(new InternalServerErrorException("Status 500: {\"message\":\"error while "
                + "removing network: network web_default id 1f2e has active endpoints\"}"));
        assertEquals(409, e.status().getCode());
        assertEquals("conflict", e.code());
        ApiException overlap = DockerErrors.map(new com.github.dockerjava.api.exception.DockerException(
                "Status 403: {\"message\":\"Pool overlaps with other one on this address space\"}", 403));
        assertEquals(409, overlap.status().getCode());
        assertEquals("Pool overlaps with other one on this address space", overlap.getMessage());
    }

    @Test
    void unreachableEngineIs503() {
        ApiException e = DockerErrors.map(new RuntimeException(new ConnectException("Connection refused")));
        assertEquals(503, e.status().getCode());
        assertEquals("docker_unavailable", e.code());
        assertEquals(503, DockerErrors.map(new java.io.UncheckedIOException(new IOException("socket"))).status().getCode());
    }

    @Test
    void otherFailuresDoNotLeakDetails() {
        ApiException e = DockerErrors.map(new IllegalStateException("internal detail"));
        assertEquals(502, e.status().getCode());
        assertEquals("Docker call failed: IllegalStateException", e.getMessage());
    }
}
