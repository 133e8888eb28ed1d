package io.bollard.plugin.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import io.bollard.plugin.error.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the {@code registry_auth} a server sends with a pull: Docker's base64 {@code X-Registry-Auth} JSON, or an
 * object {@code {username, password, serveraddress}}. Error messages never contain the credentials.
 */
public final class RegistryAuth {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryAuth() {
    }

    /**
     * Turns the request's value into docker-java's auth config.
     *
     * @param value a base64 string or a map; null for none
     * @return the config, or null
     */
    public static AuthConfig parse(Object value) {
        if (value == null) {
            return null;
        }
        JsonNode node;
        if (value instanceof String text) {
            node = decode(text);
        } else if (value instanceof Map<?, ?> map) {
            node = JSON.valueToTree(map);
        } else {
            throw ApiException.badRequest("registry_auth must be a base64 X-Registry-Auth string or an object "
                    + "{username, password, serveraddress}");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest("registry_auth does not hold a JSON object");
        }
        AuthConfig auth = new AuthConfig()
                .withUsername(text(node, "username"))
                .withPassword(text(node, "password"))
                .withRegistryAddress(text(node, "serveraddress"))
                .withIdentityToken(text(node, "identitytoken"))
                .withRegistrytoken(text(node, "registrytoken"))
                .withEmail(text(node, "email"));
        String basic = text(node, "auth");
        if (basic != null) {
            if (auth.getUsername() != null || auth.getPassword() != null) {
                throw ApiException.badRequest("registry_auth has auth and a username or password: give either "
                        + "auth (base64 of user:password) or username and password");
            }
            // config.json's form: Docker's pull API reads no such field, so it would go to the registry empty.
            String[] userPassword = userPassword(basic);
            auth.withUsername(userPassword[0]).withPassword(userPassword[1]);
        }
        if (auth.getUsername() == null && auth.getIdentitytoken() == null && auth.getRegistrytoken() == null) {
            throw ApiException.badRequest("registry_auth has no username, identitytoken, registrytoken or auth");
        }
        return auth;
    }

    /** {@code auth} as Docker's config.json writes it: base64 of {@code user:password}. */
    private static String[] userPassword(String basic) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(basic.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("registry_auth's auth is not base64 of user:password");
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw ApiException.badRequest("registry_auth's auth is not base64 of user:password");
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static JsonNode decode(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(text.trim());
        } catch (IllegalArgumentException notUrlSafe) {
            try {
                bytes = Base64.getDecoder().decode(text.trim());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("registry_auth is not base64");
            }
        }
        try {
            return JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (Exception e) {
            // Not the parser's message: it would quote the credentials.
            throw ApiException.badRequest("registry_auth is not base64-encoded JSON");
        }
    }

    private static String text(JsonNode node, String field) {
        // Docker's own JSON keys are lowercase; accept the capitalised forms some clients write too.
        JsonNode v = node.has(field) ? node.get(field)
                : node.get(Character.toUpperCase(field.charAt(0)) + field.substring(1));
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }
}
