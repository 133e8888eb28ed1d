package io.bollard.plugins.compose.stack;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.bollard.files.FileAccessException;
import io.bollard.files.FileManager;
import io.bollard.files.Limits;
import io.bollard.files.Sandbox;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugins.compose.ComposePlugin;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps stacks' files and deploy records on disk, every write atomic (temporary file, fsync, rename) and every path
 * resolved inside the stack's own folder.
 */
@Singleton
@RequiresPlugin(ComposePlugin.ID)
public class StackStore {

    /** The Compose file's name in a stack folder. */
    public static final String COMPOSE_FILE = "compose.yaml";

    private static final Logger LOG = LoggerFactory.getLogger(StackStore.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Limits LIMITS = new Limits(16L << 20, 16L << 20, 10_000);

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

    private final Path stacksDir;
    private final Path recordsDir;
    private final Path stacksHostDir;
    private final ObjectMapper json;

    /**
     * @param dataDir       the agent's data folder
     * @param stacksHostDir the stacks folder as the engine sees it, when it differs
     * @param json          reads and writes records
     * @param docker        finds, when the agent runs in a container, where its data folder is on the host
     */
    public StackStore(@Property(name = "agent.data-dir") String dataDir,
                      @Nullable @Property(name = ComposePlugin.STACKS_HOST_DIR) String stacksHostDir,
                      ObjectMapper json, DockerClient docker) {
        this.stacksDir = Path.of(dataDir).toAbsolutePath().normalize().resolve("stacks");
        this.recordsDir = stacksDir.resolveSibling("compose");
        this.stacksHostDir = stacksHostDir == null || stacksHostDir.isBlank()
                ? hostPathOf(docker, stacksDir, System.getenv("HOSTNAME")) : Path.of(stacksHostDir);
        this.json = json;
    }

    /**
     * Where the engine sees a folder of the agent's: when the agent runs in a container (whose host name is its
     * short id, Docker's default), the source of the mount that holds the folder; else the folder itself.
     *
     * @param docker the Docker client
     * @param folder a folder as the agent sees it
     * @param self   the agent's host name
     * @return the folder as the engine sees it
     */
    static Path hostPathOf(DockerClient docker, Path folder, String self) {
        if (self == null || self.isBlank()) {
            return folder;
        }
        InspectContainerResponse container;
        try {
            container = docker.inspectContainerCmd(self).exec();
        } catch (RuntimeException notAContainerOrNoDocker) {
            return folder;
        }
        Path best = null;
        String source = null;
        for (InspectContainerResponse.Mount m : container.getMounts() == null
                ? List.<InspectContainerResponse.Mount>of() : container.getMounts()) {
            Path destination = m.getDestination() == null ? null : Path.of(m.getDestination().getPath());
            if (destination != null && m.getSource() != null && folder.startsWith(destination)
                    && (best == null || destination.getNameCount() > best.getNameCount())) {
                best = destination;
                source = m.getSource();
            }
        }
        if (best == null) {
            return folder;
        }
        Path hostPath = Path.of(source).resolve(best.relativize(folder).toString());
        LOG.info("stack folder {} is {} on the Docker host", folder, hostPath);
        return hostPath;
    }

    /**
     * Checks a stack name against Compose's rules.
     *
     * @param name the name
     * @return the name
     * @throws ApiException 400 when it breaks them
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name must be a stack name: lowercase letters, digits, - and _, "
                    + "starting with a letter or digit, at most 63 characters");
        }
        return name;
    }

    /**
     * @param name a stack
     * @return its folder as the engine sees it
     */
    public Path hostDir(String name) {
        return stacksHostDir.resolve(name);
    }

    /**
     * @param name a stack
     * @return its folder as the agent sees it, sandboxed; the folder is made when missing
     */
    public Sandbox sandbox(String name) {
        Path dir = stacksDir.resolve(checkName(name));
        try {
            Files.createDirectories(dir);
            ownerOnly(stacksDir);
        } catch (IOException e) {
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "io_error", "cannot create the stack folder "
                    + dir + ": " + e.getMessage());
        }
        return new Sandbox(dir);
    }

    /**
     * Keeps other local users out of the stacks folder: secret files must stay readable by any user inside their
     * containers (a bind mount of the file itself), so the folder above them is what closes them to the host's users.
     * The engine mounts as root and passes it.
     */
    private static void ownerOnly(Path folder) throws IOException {
        try {
            if (!Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(folder, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException notPosix) {
            // a file system without POSIX modes: nothing to close
        }
    }

    /**
     * @param name a stack
     * @return its folder as the agent sees it, sandboxed, if it exists
     */
    public Optional<Sandbox> existingSandbox(String name) {
        Path dir = stacksDir.resolve(checkName(name));
        return Files.isDirectory(dir) ? Optional.of(new Sandbox(dir)) : Optional.empty();
    }

    /**
     * Reads a stack file, for {@code env_file}.
     *
     * @param name the stack
     * @param path the file's path in the stack folder
     * @return its text, or empty when it does not exist
     * @throws ApiException 403 when the path leads out of the folder
     */
    public Optional<String> read(String name, String path) {
        if (existingSandbox(name).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(new FileManager(sandbox(name), LIMITS).read(path), StandardCharsets.UTF_8));
        } catch (FileAccessException e) {
            if (e.reason() == FileAccessException.Reason.NOT_FOUND) {
                return Optional.empty();
            }
            throw refused(name, e);
        }
    }

    /**
     * The SHA-256 of a stack file's bytes, streamed (any size).
     *
     * @param name the stack
     * @param path the file's path in the stack folder
     * @return hex digits, or empty when there is no regular file there
     */
    public Optional<String> digest(String name, String path) {
        if (existingSandbox(name).isEmpty()) {
            return Optional.empty();
        }
        try (java.nio.channels.SeekableByteChannel in = new FileManager(sandbox(name), LIMITS).open(path)) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
            while (in.read(buf) >= 0) {
                buf.flip();
                sha.update(buf);
                buf.clear();
            }
            return Optional.of(java.util.HexFormat.of().formatHex(sha.digest()));
        } catch (FileAccessException | IOException | java.security.NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    /** A stack file the sandbox refuses (a link a container planted, say), as the caller's error, not a 500. */
    private static ApiException refused(String name, FileAccessException e) {
        return new ApiException(HttpStatus.valueOf(e.reason().status()), e.reason().code(), "stack " + name + ": "
                + e.getMessage());
    }

    /**
     * Writes a stack's files, each atomically; {@code .env} and {@code *.env} files with mode 0600. The versions they
     * replace are kept until the caller keeps or undoes the write.
     *
     * @param name  the stack
     * @param files text by relative path
     * @return the written files, to keep (the deploy changed something) or to undo (it changed nothing)
     */
    public Written write(String name, Map<String, String> files) {
        Written written = new Written(new FileManager(sandbox(name), LIMITS));
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                written.write(file.getKey(), file.getValue());
            }
            return written;
        } catch (FileAccessException e) {
            written.undoAfter(e);
            throw refused(name, e);
        } catch (RuntimeException e) {
            written.undoAfter(e);
            throw e;
        }
    }

    /**
     * A stack's files as a write left them: all of them or none. Each old file keeps a second name, a hard link,
     * until the write is kept or undone: undone, the old files are put back and the new ones removed.
     */
    public static final class Written {
        private final FileManager manager;
        private final Map<String, String> backups = new LinkedHashMap<>();
        private final List<String> written = new ArrayList<>();

        private Written(FileManager manager) {
            this.manager = manager;
        }

        private void write(String path, String text) {
            backups.put(path, manager.keepSecondName(path));
            // Dotenv files hold passwords: readable by the agent only. Other files keep their mode (or 0644), as
            // containers running as other users may mount them.
            manager.write(path, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                    path.endsWith(".env") ? "0600" : null, true, null);
            written.add(path);
        }

        private void undoAfter(RuntimeException failure) {
            try {
                undo();
            } catch (RuntimeException undo) {
                failure.addSuppressed(undo);
            }
        }

        /** Keeps the new files, and lets the old versions go. */
        public void keep() {
            backups.values().stream().filter(java.util.Objects::nonNull).forEach(b -> {
                try {
                    manager.delete(b, false);
                } catch (RuntimeException ignored) {
                    // A leftover .bollard-backup-* file holds an old version only (or was put back already).
                }
            });
            backups.clear();
            written.clear();
        }

        /**
         * Puts the old files back and removes the new ones, through the file manager, which reaches folders through
         * open ones: a container that mounts a stack folder and swaps it for a link meanwhile cannot have an old
         * file put back outside.
         *
         * @throws RuntimeException the first file that could not be put back, after trying them all
         */
        public void undo() {
            RuntimeException first = null;
            for (String path : written.reversed()) {
                try {
                    String old = backups.get(path);
                    if (old == null) {
                        manager.delete(path, false);
                    } else {
                        manager.putBack(old, path);
                        backups.remove(path);
                    }
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            keep();
            if (first != null) {
                throw first;
            }
        }
    }

    /**
     * @param name the stack
     * @return its Compose file, if the agent has one
     */
    public Optional<String> composeFile(String name) {
        return read(name, COMPOSE_FILE);
    }

    /**
     * Saves a record, readable by the agent only (it holds the request's variables).
     *
     * @param record the record
     */
    public void save(StackRecord record) {
        try {
            Files.createDirectories(recordsDir);
            byte[] bytes = json.writeValueAsBytes(record);
            new FileManager(new Sandbox(recordsDir), LIMITS).write(record.name() + ".json",
                    new ByteArrayInputStream(bytes), "0600", false, null);
        } catch (IOException e) {
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "io_error", "cannot save the stack record: "
                    + e.getMessage());
        }
    }

    /**
     * @param name a stack
     * @return its record, if the agent deployed it
     */
    public Optional<StackRecord> record(String name) {
        Path file = recordsDir.resolve(checkName(name) + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(Files.readAllBytes(file), StackRecord.class));
        } catch (IOException e) {
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "io_error", "cannot read the record of stack "
                    + name + ": " + e.getMessage());
        }
    }

    /** @return every stack the agent has a record of */
    public List<StackRecord> records() {
        List<StackRecord> out = new ArrayList<>();
        if (!Files.isDirectory(recordsDir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(recordsDir)) {
            for (Path f : files.sorted().toList()) {
                String file = f.getFileName().toString();
                if (file.endsWith(".json") && NAME.matcher(file.substring(0, file.length() - 5)).matches()) {
                    record(file.substring(0, file.length() - 5)).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "io_error", "cannot list stack records");
        }
        return out;
    }

    /**
     * Forgets a stack: its record always, its folder only when asked (bind-mounted data lives there).
     *
     * @param name  the stack
     * @param files delete the stack folder too
     */
    public void forget(String name, boolean files) {
        try {
            Files.deleteIfExists(recordsDir.resolve(checkName(name) + ".json"));
            if (files && Files.isDirectory(stacksDir.resolve(name))) {
                new FileManager(new Sandbox(stacksDir), LIMITS).delete(name, true);
            }
        } catch (FileAccessException e) {
            throw refused(name, e);
        } catch (IOException e) {
            throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, "io_error", "cannot delete stack " + name
                    + ": " + e.getMessage());
        }
    }
}
