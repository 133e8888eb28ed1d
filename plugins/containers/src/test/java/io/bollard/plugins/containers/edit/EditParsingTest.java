package io.bollard.plugins.containers.edit;

import io.bollard.plugin.error.ApiException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EditParsingTest {

    @Test
    void portsInDockerRunForm() {
        var binding = ContainerRecreator.parsePort("127.0.0.1:8080:80/udp");
        assertEquals(80, binding.getExposedPort().getPort());
        assertEquals("udp", binding.getExposedPort().getProtocol().toString());
        assertEquals("8080", binding.getBinding().getHostPortSpec());
        assertEquals("127.0.0.1", binding.getBinding().getHostIp());
        assertEquals(443, ContainerRecreator.parsePort("8443:443").getExposedPort().getPort());
        assertEquals("8000-8010", ContainerRecreator.parsePort("8000-8010:80").getBinding().getHostPortSpec());
        for (String bad : new String[]{"http", "80:http", "1.2.3.4:a:b", "; rm -rf", "99999:80", "80:70000",
                "0:80", "8000-99999:80"}) {
            assertEquals(400, assertThrows(ApiException.class, () -> ContainerRecreator.parsePort(bad)).status().getCode(),
                    bad);
        }
    }

    @Test
    void volumesInDockerRunForm() {
        var bind = ContainerRecreator.parseBind("data:/var/lib/data:ro");
        assertEquals("data", bind.getPath());
        assertEquals("/var/lib/data", bind.getVolume().getPath());
        assertTrue(bind.getAccessMode().toString().equals("ro"));
        assertThrows(ApiException.class, () -> ContainerRecreator.parseBind("relative"));
        assertThrows(ApiException.class, () -> ContainerRecreator.parseBind("data:relative"));
        // Names Docker refuses only when the new container is made, after the old one stopped.
        assertThrows(ApiException.class, () -> ContainerRecreator.parseBind("my data:/x"));
        assertThrows(ApiException.class, () -> ContainerRecreator.parseBind(":/x"));
        assertThrows(ApiException.class, () -> ContainerRecreator.parseBind("-v:/x"));
    }

    @Test
    void restartPolicies() {
        assertEquals("on-failure", ContainerRecreator.parseRestartPolicy("on-failure:5").getName());
        assertEquals(5, ContainerRecreator.parseRestartPolicy("on-failure:5").getMaximumRetryCount());
        assertEquals("unless-stopped", ContainerRecreator.parseRestartPolicy("unless-stopped").getName());
        assertThrows(ApiException.class, () -> ContainerRecreator.parseRestartPolicy("sometimes"));
        assertThrows(ApiException.class, () -> ContainerRecreator.parseRestartPolicy("always:3"));
        assertThrows(ApiException.class, () -> ContainerRecreator.parseRestartPolicy("on-failure:-1"));
    }
}
