package io.bollard.compose.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bollard.compose.model.Service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of a service's configuration that decides whether its containers are up to date: SHA-256 of its canonical
 * JSON, keys sorted, without the replica count (scaling adds or removes containers, it does not recreate them).
 */
public final class ConfigHash {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ConfigHash() {
    }

    /**
     * Hashes a service.
     *
     * @param service the service
     * @return 64 hex digits
     */
    public static String of(Service service) {
        try {
            ObjectNode tree = JSON.valueToTree(service);
            if (tree.get("deploy") instanceof ObjectNode deploy) {
                deploy.remove("replicas");
            }
            byte[] json = JSON.writeValueAsBytes(tree);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash service " + service.name(), e);
        }
    }

}
