package io.bollard.compose.canonical;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The short forms of ports, volumes, commands, sizes and durations. */
class ShortFormsTest {

    @Test
    void ports() {
        assertEquals(List.of(Map.of("target", 80, "published", "8080", "protocol", "udp")),
                PortSpec.parse("8080:80/udp"));
        assertEquals(List.of(Map.of("target", 80, "protocol", "tcp")), PortSpec.parse("80"));
        assertEquals(List.of(Map.of("target", 80, "published", "8080", "host_ip", "::1", "protocol", "tcp")),
                PortSpec.parse("[::1]:8080:80"));
        assertEquals(List.of(Map.of("target", 80, "host_ip", "127.0.0.1", "protocol", "tcp")),
                PortSpec.parse("127.0.0.1::80"));
        assertEquals(2, PortSpec.parse("8000-8001:80-81").size());
        assertEquals("8000", PortSpec.parse("8000-8001:80-81").get(0).get("published"));
        assertEquals("8001", PortSpec.parse("8000-8001:80-81").get(1).get("published"));
        assertEquals("9000-9010", PortSpec.parse("9000-9010:80").get(0).get("published"));
        assertThrows(IllegalArgumentException.class, () -> PortSpec.parse("8000-8002:80-81"));
        assertThrows(IllegalArgumentException.class, () -> PortSpec.parse("99999"));
        assertThrows(IllegalArgumentException.class, () -> PortSpec.parse("a:b"));
    }

    @Test
    void volumes() {
        assertEquals(Map.of("type", "volume", "source", "data", "target", "/data"), MountSpec.parse("data:/data"));
        assertEquals(Map.of("type", "volume", "target", "/data"), MountSpec.parse("/data"));
        assertEquals(Map.of("type", "volume", "target", "/data", "read_only", true), MountSpec.parse("/data:ro"));
        assertEquals(Map.of("type", "bind", "source", "./c", "target", "/c", "read_only", true,
                "bind", Map.of("create_host_path", true)), MountSpec.parse("./c:/c:ro"));
        assertEquals(Map.of("type", "bind", "source", "/s", "target", "/t",
                "bind", Map.of("create_host_path", true, "propagation", "rshared")), MountSpec.parse("/s:/t:rshared"));
        assertThrows(IllegalArgumentException.class, () -> MountSpec.parse("data:relative"));
        assertThrows(IllegalArgumentException.class, () -> MountSpec.parse("data:/d:bogus"));
    }

    @Test
    void commandsSplitLikeAShell() {
        assertEquals(List.of("sh", "-c", "echo 'a b' \"c\""), ShellWords.split("sh -c \"echo 'a b' \\\"c\\\"\""));
        assertEquals(List.of("a b", "c"), ShellWords.split("'a b'   c"));
        assertEquals(List.of("a b"), ShellWords.split("a\\ b"));
        assertThrows(IllegalArgumentException.class, () -> ShellWords.split("'open"));
    }

    @Test
    void sizesAndDurations() {
        assertEquals(512L << 20, Units.bytes("512m"));
        assertEquals(1L << 30, Units.bytes("1gb"));
        assertEquals(1536L << 20, Units.bytes("1.5g"));
        assertEquals(100L, Units.bytes(100L));
        assertEquals(90_000_000_000L, Units.nanos("1m30s"));
        assertEquals(1_500_000L, Units.nanos("1.5ms"));
        assertEquals(2_000_000_000L, Units.nanos(2L));
        assertThrows(IllegalArgumentException.class, () -> Units.bytes("lots"));
        assertThrows(IllegalArgumentException.class, () -> Units.nanos("10"));
        assertThrows(IllegalArgumentException.class, () -> Units.nanos("10s and"));
    }
}
