package io.bollard.compose.apply;

import io.bollard.compose.model.Network;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a redeploy counts as a change to an existing network, and what it lets pass. */
class NetworkDifferencesTest {

    private static Network file(String driver, boolean internal, boolean attachable, Boolean ipv6, String... subnets) {
        Network.Ipam ipam = subnets.length == 0 ? null : new Network.Ipam(null, java.util.Arrays.stream(subnets)
                .map(s -> new Network.Pool(s, null, null, null)).toList(), null);
        return new Network("demo_default", driver, Map.of(), false, internal, attachable, ipv6, Map.of(), ipam);
    }

    private static com.github.dockerjava.api.model.Network engine(String driver, boolean internal, boolean attachable,
                                                                   boolean ipv6, String... subnets) throws Exception {
        String json = """
                {"Name":"demo_default","Driver":"%s","Internal":%s,"Attachable":%s,"EnableIPv6":%s,
                 "IPAM":{"Config":[%s]}}
                """.formatted(driver, internal, attachable, ipv6, String.join(",", java.util.Arrays.stream(subnets)
                .map(s -> "{\"Subnet\":\"" + s + "\"}").toList()));
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(json, com.github.dockerjava.api.model.Network.class);
    }

    @Test
    void whatDockerComposeOneMadeIsNoChange() throws Exception {
        // docker-compose 1.x: every network attachable, the bridge driver named; the file names neither.
        assertEquals(List.of(), EngineState.differences(file(null, false, false, null),
                engine("bridge", false, true, false, "172.30.0.0/16")));
    }

    @Test
    void subnetsCountByWhatTheyContainNotByTheirText() throws Exception {
        // Docker adds an IPv4 subnet beside a file's IPv6 one, and writes addresses its own way.
        assertEquals(List.of(), EngineState.differences(file(null, false, false, true, "fd00:0:0:1::/64"),
                engine("bridge", false, false, true, "172.31.0.0/16", "fd00::1:0:0:0:0/64")));
        assertEquals(List.of(), EngineState.differences(file(null, false, false, null, "10.1.2.7/24"),
                engine("bridge", false, false, false, "10.1.2.0/24")));
        assertEquals(List.of("subnets [10.1.2.0/24], the file says [10.1.3.0/24]"), EngineState.differences(
                file(null, false, false, null, "10.1.3.0/24"), engine("bridge", false, false, false, "10.1.2.0/24")));
    }

    @Test
    void whatTheFileAsksForAndTheNetworkLacksIsAChange() throws Exception {
        assertEquals(List.of("driver bridge, the file says macvlan", "internal false, the file says true",
                "attachable false, the file says true", "enable_ipv6 false, the file says true"),
                EngineState.differences(file("macvlan", true, true, true), engine("bridge", false, false, false)));
        assertEquals(List.of("internal true, the file says false"),
                EngineState.differences(file(null, false, false, null), engine("bridge", true, false, false)));
    }
}
