package io.bollard.plugin.docker;

import com.github.dockerjava.api.model.AuthConfig;
import io.bollard.plugin.error.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RegistryAuthTest {

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void configJsonsAuthBecomesTheUserAndPasswordDockerReads() {
        AuthConfig auth = RegistryAuth.parse(Map.of("auth", base64("robot:pa:ss"), "serveraddress", "reg:5000"));
        assertEquals("robot", auth.getUsername());
        assertEquals("pa:ss", auth.getPassword(), "the password is everything after the first colon");
        assertEquals("reg:5000", auth.getRegistryAddress());
        assertNull(auth.getAuth());

        AuthConfig header = RegistryAuth.parse(base64("{\"auth\":\"" + base64("u:p") + "\"}"));
        assertEquals("u", header.getUsername());
        assertEquals("p", header.getPassword());
    }

    @Test
    void authBesideAUsernameOrPasswordIsRefused() {
        for (Map<String, String> both : java.util.List.of(Map.of("username", "u", "auth", base64("x:secret")),
                Map.of("password", "secret", "auth", base64("x:y")))) {
            ApiException e = assertThrows(ApiException.class, () -> RegistryAuth.parse(both));
            assertEquals(400, e.status().getCode());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void anAuthThatIsNotUserColonPasswordIsRefusedWithoutQuotingIt() {
        for (String bad : new String[] {"%%%secret", base64("nocolon-secret"), base64(":secret")}) {
            ApiException e = assertThrows(ApiException.class, () -> RegistryAuth.parse(Map.of("auth", bad)));
            assertEquals(400, e.status().getCode());
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void credentialsAreNeeded() {
        assertThrows(ApiException.class, () -> RegistryAuth.parse(Map.of("serveraddress", "reg:5000")));
        assertThrows(ApiException.class, () -> RegistryAuth.parse(42));
    }
}
