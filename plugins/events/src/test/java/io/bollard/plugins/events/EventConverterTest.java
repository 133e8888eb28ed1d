package io.bollard.plugins.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Event;
import io.bollard.plugin.error.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventConverterTest {

    @Test
    void containerEventCarriesNameAndLabelsOnly() throws Exception {
        Event e = new ObjectMapper().readValue("""
                {"Type":"container","Action":"start","Actor":{"ID":"abc123","Attributes":{"name":"web","image":"nginx",
                 "team":"blue","exitCode":"0"}},"time":1795453604,"timeNano":1795453604123456789}
                """, Event.class);
        AgentEvent a = EventConverter.convert(e);
        assertEquals("container", a.type());
        assertEquals("start", a.action());
        assertEquals("abc123", a.id());
        assertEquals("web", a.name());
        assertEquals(Map.of("team", "blue"), a.labels());
        assertEquals("2026-11-23T17:06:44.123456789Z", a.time());
        assertEquals(1795453604123456789L, a.timeNano());
    }

    @Test
    void imageEventsAreNamedByTheirId() throws Exception {
        Event e = new ObjectMapper().readValue("""
                {"Type":"image","Action":"pull","Actor":{"ID":"busybox:latest","Attributes":{"name":"busybox"}},
                 "time":1795453604}
                """, Event.class);
        AgentEvent a = EventConverter.convert(e);
        assertEquals("busybox", a.name());
        assertEquals(1795453604000000000L, a.timeNano());
    }

    @Test
    void queryChecksTypesAndTimes() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        assertEquals(Set.of("container", "image"),
                EventsQuery.parse(null, null, List.of("container,image"), now).types());
        assertEquals((int) now.minusSeconds(300).getEpochSecond(), EventsQuery.parse("5m", null, null, now).since());
        assertThrows(ApiException.class, () -> EventsQuery.parse(null, null, List.of("boats"), now));
        assertThrows(ApiException.class, () -> EventsQuery.parse("soon", null, null, now));
    }
}
