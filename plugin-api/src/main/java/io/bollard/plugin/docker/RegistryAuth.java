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
                .withAuth(text(node, "auth"))
                .withEmail(text(node, "email"));
        if (auth.getUsername() == null && auth.getIdentitytoken() == null && auth.getRegistrytoken() == null
                && auth.getAuth() == null) {
            throw ApiException.badRequest("registry_auth has no username, identitytoken, registrytoken or auth");
        }
        return auth;
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
