package io.bollard.agent.web;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebSocketOriginFilterTest {

    @Test
    void sameHostAndPortIsAllowed() {
        assertTrue(WebSocketOriginFilter.sameHost("http://agent.local:7007", "agent.local:7007"));
        assertTrue(WebSocketOriginFilter.sameHost("https://agent.local", "agent.local"));
        assertTrue(WebSocketOriginFilter.sameHost("http://AGENT.local:80", "agent.local"));
    }

    @Test
    void otherSitesAreRefused() {
        assertFalse(WebSocketOriginFilter.sameHost("https://evil.example", "agent.local:7007"));
        assertFalse(WebSocketOriginFilter.sameHost("http://agent.local:8080", "agent.local:7007"));
        assertFalse(WebSocketOriginFilter.sameHost("null", "agent.local:7007"));
        assertFalse(WebSocketOriginFilter.sameHost("http://agent.local.evil.example:7007", "agent.local:7007"));
    }
}
