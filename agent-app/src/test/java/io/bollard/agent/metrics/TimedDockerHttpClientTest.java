package io.bollard.agent.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Docker paths become few templates: no ids, names, versions or queries in the series. */
class TimedDockerHttpClientTest {

    @Test
    void pathsBecomeTemplates() {
        assertEquals("/containers/json", TimedDockerHttpClient.template("/v1.41/containers/json?all=1"));
        assertEquals("/containers/{id}/json", TimedDockerHttpClient.template("/v1.41/containers/4f2a9c/json"));
        assertEquals("/containers/{id}/logs", TimedDockerHttpClient.template("/containers/abc/logs?follow=1"));
        assertEquals("/images/{id}/json", TimedDockerHttpClient.template("/v1.41/images/library/busybox:1/json"));
        assertEquals("/images/{id}", TimedDockerHttpClient.template("/v1.41/images/sha256:abc?force=1"));
        assertEquals("/exec/{id}/start", TimedDockerHttpClient.template("/exec/e1/start"));
        assertEquals("/_ping", TimedDockerHttpClient.template("/_ping"));
        assertEquals("/volumes/{id}", TimedDockerHttpClient.template("/v1.41/volumes/my-volume"));
    }
}
