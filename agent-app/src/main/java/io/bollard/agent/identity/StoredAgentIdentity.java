package io.bollard.agent.identity;

import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.storage.AtomicFiles;
import io.bollard.plugin.AgentIdentity;
import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;

/**
 * The agent's stable id (a UUID kept in {@code AGENT_DATA_DIR/agent-id}) and version.
 */
@Singleton
public class StoredAgentIdentity implements AgentIdentity {

    /** File name of the id in the data folder. */
    public static final String ID_FILE = "agent-id";

    private final String id;
    private final String version;

    /**
     * Reads the id, creating it on first start.
     *
     * @param dataDir the agent's data folder
     */
    public StoredAgentIdentity(@Property(name = AgentConfigurationProperties.DATA_DIR) String dataDir) {
        this.id = loadOrCreate(Path.of(dataDir).resolve(ID_FILE));
        this.version = readVersion();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String version() {
        return version;
    }

    static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String text = Files.readString(file, StandardCharsets.UTF_8).trim();
                return UUID.fromString(text).toString();
            }
            String id = UUID.randomUUID().toString();
            AtomicFiles.write(file, "rw-r--r--", out -> out.write((id + "\n").getBytes(StandardCharsets.UTF_8)));
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the agent id in " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a UUID; remove it to make a new agent id", e);
        }
    }

    private static String readVersion() {
        try (InputStream in = StoredAgentIdentity.class.getResourceAsStream("/META-INF/bollard/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
