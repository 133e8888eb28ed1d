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
        assertEquals("/system/df", TimedDockerHttpClient.template("/v1.41/system/df"));
        assertEquals("/containers/create", TimedDockerHttpClient.template("/containers/create?name=x"));
    }

    @Test
    void wordsInsideANameMakeNoSeriesOfTheirOwn() {
        // An image reference may be made of Docker's path words: one template whatever the name.
        assertEquals("/images/{id}", TimedDockerHttpClient.template("/v1.41/images/x/json/tag"
                .replace("/tag", "/x")));
        assertEquals("/images/{id}/json", TimedDockerHttpClient.template("/v1.41/images/x/tag/push/json"));
        assertEquals("/images/{id}/json", TimedDockerHttpClient.template("/v1.41/images/get/load/kill/json"));
        java.util.Set<String> templates = new java.util.HashSet<>();
        String[] words = {"json", "create", "prune", "start", "stop", "tag", "push", "get", "load", "x"};
        for (String a : words) {
            for (String b : words) {
                templates.add(TimedDockerHttpClient.template("/v1.41/images/x/" + a + "/" + b));
            }
        }
        assertEquals(words.length, templates.size(), templates.toString());
        assertEquals("/images/prune", TimedDockerHttpClient.template("/v1.41/images/PRUNE"), "one series whatever case");
    }
}
