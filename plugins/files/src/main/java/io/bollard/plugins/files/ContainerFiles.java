package io.bollard.plugins.files;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import io.bollard.files.FileAccessException;
import io.bollard.files.FileManager;
import io.bollard.files.Sandbox;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerEndpoint;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.docker.DockerSocketGet;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import jakarta.inject.Singleton;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Files inside a container, running or stopped, through Docker's archive API (so the image needs no shell). Docker
 * resolves paths and links within the container's own file system, so nothing here can reach the host; the
 * agent's own check keeps {@code ..} from climbing above the container's root.
 *
 * <p>With Docker on a unix socket, archives are read straight from it ({@link DockerSocketGet}), so that a read
 * refused after the first tar header, or a download whose client left, drops Docker's stream at once instead of
 * reading it to its end as docker-java's stream does when closed (over TCP the agent still goes through
 * docker-java).
 */
@Singleton
@RequiresPlugin(FilesPlugin.ID)
public class ContainerFiles {

    /** Links followed in a row before a path is given up (the kernel's own limit is 40). */
    private static final int MAX_LINKS = 40;
    /** The file systems Docker mounts in a container at its start. */
    private static final List<String> RUNTIME_MOUNTS = List.of("/proc", "/sys", "/dev");
    /** Writes into one container take turns; containers share 64 turns, so the locks stay few. */
    private static final Object[] WRITE_TURNS = new Object[64];

    static {
        java.util.Arrays.setAll(WRITE_TURNS, i -> new Object());
    }

    private final DockerClient docker;
    private final DockerEndpoint endpoint;
    private final VisibleContainers containers;
    private final Places places;

    /**
     * @param docker     the Docker client
     * @param endpoint   where Docker is, for reading archives from its socket
     * @param containers the visible containers
     * @param places     for the limits
     */
    public ContainerFiles(DockerClient docker, DockerEndpoint endpoint, VisibleContainers containers, Places places) {
        this.docker = docker;
        this.endpoint = endpoint;
        this.containers = containers;
        this.places = places;
    }

    /**
     * A user path as an absolute path in the container, checked.
     *
     * @param userPath the path
     * @return {@code /a/b}
     */
    static String containerPath(String userPath) {
        List<String> parts = new ArrayList<>();
        for (String part : Sandbox.components(userPath)) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw new FileAccessException(FileAccessException.Reason.OUTSIDE_ROOT, "'" + userPath
                            + "' leads outside");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /**
     * Lists a folder in a container.
     *
     * @param reference the container
     * @param userPath  the folder
     * @return its entries
     */
    public List<FileView> list(String reference, String userPath) {
        String id = containers.resolveId(reference);
        String path = containerPath(userPath);
        List<FileView> out = new ArrayList<>();
        try (InputStream tar = archive(id, path); TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry first = in.getNextEntry();
            if (first == null) {
                return out;
            }
            if (!first.isDirectory()) {
                throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath + " is not a folder");
            }
            String prefix = first.getName();
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                String rest = e.getName().substring(Math.min(prefix.length(), e.getName().length()));
                String trimmed = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
                if (trimmed.isEmpty() || trimmed.contains("/")) {
                    continue;
                }
                out.add(view(e, path.equals("/") ? "/" + trimmed : path + "/" + trimmed, trimmed));
            }
        } catch (IOException e) {
            throw new ApiException(io.micronaut.http.HttpStatus.BAD_GATEWAY, "docker_error",
                    "cannot read the container's archive: " + e.getMessage());
        }
        out.sort(Comparator.comparing((FileView v) -> !v.isDir()).thenComparing(FileView::name));
        return out;
    }

    /**
     * A file read from a container.
     *
     * @param bytes its bytes
     * @param mtime its modification time, epoch milliseconds (whole seconds: Docker's tar keeps no more)
     * @param mode  its permission bits, octal
     */
    public record Read(byte[] bytes, long mtime, String mode) {
    }

    /**
     * Reads a file in a container, up to the read limit; a link is followed (inside the container).
     *
     * @param reference the container
     * @param userPath  the file
     * @return its bytes and attributes
     */
    public Read read(String reference, String userPath) {
        String id = containers.resolveId(reference);
        String path = containerPath(userPath);
        for (int hops = 0; hops <= MAX_LINKS; hops++) {
            try (InputStream tar = archive(id, path); TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
                TarArchiveEntry e = in.getNextEntry();
                if (e != null && e.isSymbolicLink()) {
                    path = linkTarget(path, e);
                    continue;
                }
                return readRegular(userPath, e, in);
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
        throw tooManyLinks(userPath);
    }

    private Read readRegular(String userPath, TarArchiveEntry e, TarArchiveInputStream in) throws IOException {
        if (e == null || !isRegular(e)) {
            throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath + " is not a regular file");
        }
        long max = places.limits().maxReadBytes();
        if (e.getSize() > max) {
            throw new FileAccessException(FileAccessException.Reason.TOO_LARGE, userPath + " is " + e.getSize()
                    + " bytes; reads are limited to " + max + " (download it instead)");
        }
        return new Read(in.readNBytes((int) e.getSize()), e.getModTime().getTime(), mode(e));
    }

    /**
     * Writes one file into a container. A file it replaces keeps its mode (unless one is given) and owner; a link
     * is followed (inside the container).
     *
     * @param reference     the container
     * @param userPath      the file
     * @param content       the bytes
     * @param mode          permission bits, octal, or null: the replaced file's, or 0644 for a new one
     * @param createDirs    make missing folders (0755, owned by root) instead of answering 404
     * @param expectedMtime the mtime a read gave, or null: 409 when the file's differs
     * @return the written file
     */
    public FileView write(String reference, String userPath, byte[] content, String mode, boolean createDirs,
                          Long expectedMtime) {
        String id = containers.resolveId(reference);
        // Docker's archive API has no compare-and-write: the mtime check and the write hold the container's turn,
        // or two writes expecting the same mtime both pass it (an outside audit saw 2 of 10 land).
        synchronized (WRITE_TURNS[Math.floorMod(id.hashCode(), WRITE_TURNS.length)]) {
            return writeInTurn(id, userPath, content, mode, createDirs, expectedMtime);
        }
    }

    private FileView writeInTurn(String id, String userPath, byte[] content, String mode, boolean createDirs,
                                 Long expectedMtime) {
        String path = containerPath(userPath);
        refuseRuntimeMounts(path);
        path = foldersFollowed(id, path, userPath);
        Optional<TarArchiveEntry> old = header(id, path);
        for (int hops = 0; old.isPresent() && old.get().isSymbolicLink(); hops++) {
            if (hops == MAX_LINKS) {
                throw tooManyLinks(userPath);
            }
            path = linkTarget(path, old.get());
            refuseRuntimeMounts(path);
            old = header(id, path);
        }
        int slash = path.lastIndexOf('/');
        String dir = slash == 0 ? "/" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        if (name.isEmpty()) {
            throw new FileAccessException(FileAccessException.Reason.FORBIDDEN, "cannot write over the root folder");
        }
        if (old.isPresent() && !isRegular(old.get())) {
            throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath + " is not a file");
        }
        if (expectedMtime != null) {
            long actual = old.map(e -> e.getModTime().getTime()).orElse(-1L);
            if (actual != expectedMtime) {
                throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath
                        + " changed since it was read (mtime " + actual + ", expected " + expectedMtime + ")");
            }
        }
        int bits = mode != null ? FileManager.modeBits(mode) : old.map(e -> e.getMode() & 07777).orElse(0644);
        // Docker unpacks into a folder that exists; folders to make go in the archive, under the nearest one that
        // exists (naming an existing folder in it would reset that folder's mode and time).
        String base = dir;
        List<String> missing = new ArrayList<>();
        if (old.isEmpty()) {
            while (!base.equals("/")) {
                Optional<TarArchiveEntry> found = header(id, base);
                if (found.isPresent()) {
                    // Docker follows a link to a folder itself; a file or device cannot hold the new file.
                    if (!found.get().isDirectory() && !found.get().isSymbolicLink()) {
                        throw new FileAccessException(FileAccessException.Reason.CONFLICT, base + " is not a folder");
                    }
                    break;
                }
                if (!createDirs) {
                    throw ApiException.notFound("no such folder in the container: " + dir);
                }
                missing.addFirst(base.substring(base.lastIndexOf('/') + 1));
                base = base.lastIndexOf('/') == 0 ? "/" : base.substring(0, base.lastIndexOf('/'));
            }
        }
        long now = System.currentTimeMillis();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            String prefix = "";
            for (String folder : missing) {
                prefix += folder + "/";
                TarArchiveEntry entry = new TarArchiveEntry(prefix);
                entry.setMode(040755);
                ownedBy(entry, null);
                tar.putArchiveEntry(entry);
                tar.closeArchiveEntry();
            }
            TarArchiveEntry entry = new TarArchiveEntry(prefix + name);
            entry.setSize(content.length);
            entry.setMode(0100000 | bits);
            entry.setModTime(now);
            ownedBy(entry, old.orElse(null));
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            docker.copyArchiveToContainerCmd(id).withRemotePath(base)
                    .withTarInputStream(new ByteArrayInputStream(bytes.toByteArray())).exec();
        } catch (NotFoundException e) {
            throw ApiException.notFound("no such folder in the container: " + dir);
        } catch (RuntimeException e) {
            ApiException refused = DockerErrors.map(e);
            String message = refused.getMessage() == null ? "" : refused.getMessage();
            // What the container is, not a failure of Docker's: a link to a file on the way, a read-only root
            // file system or volume.
            if (message.contains("not a directory")) {
                throw new FileAccessException(FileAccessException.Reason.CONFLICT, dir + " is not a folder");
            }
            if (message.contains("marked read-only")) {
                throw ApiException.conflict(message);
            }
            throw refused;
        }
        return new FileView(name, path, content.length, false, false, null, String.format("0%03o", bits & 0777),
                old.map(ContainerFiles::owner).orElse("0"), now / 1000 * 1000);
    }

    /**
     * The path with every link among its folders followed, as Docker follows them when it unpacks, so that a link
     * on the way into {@code /proc} is refused as {@code /proc} itself is. Folders not there yet stay as named.
     */
    private String foldersFollowed(String id, String path, String userPath) {
        List<String> rest = new ArrayList<>(List.of(path.substring(1).split("/")));
        String name = rest.removeLast();
        String folder = "";
        int links = 0;
        while (!rest.isEmpty()) {
            String next = folder + "/" + rest.removeFirst();
            Optional<TarArchiveEntry> found = header(id, next);
            if (found.isEmpty()) {
                return next + (rest.isEmpty() ? "" : "/" + String.join("/", rest)) + "/" + name;
            }
            if (found.get().isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw tooManyLinks(userPath);
                }
                String target = linkTarget(next, found.get());
                refuseRuntimeMounts(target);
                // The target is walked from the root in turn: it may pass through links of its own.
                List<String> again = new ArrayList<>(List.of(target.substring(1).split("/")));
                again.removeIf(String::isEmpty);
                rest.addAll(0, again);
                folder = "";
                continue;
            }
            folder = next;
        }
        return folder + "/" + name;
    }

    /**
     * Refuses {@code /proc}, {@code /sys} and {@code /dev}: file systems a running container has mounted over its
     * own folders, so Docker's archive would write beneath them, where the container never sees the file.
     */
    private static void refuseRuntimeMounts(String path) {
        for (String mount : RUNTIME_MOUNTS) {
            if (path.equals(mount) || path.startsWith(mount + "/")) {
                throw new FileAccessException(FileAccessException.Reason.FORBIDDEN, path + " is under " + mount
                        + ", which the running container has mounted over: a file written there would be hidden");
            }
        }
    }

    private static void ownedBy(TarArchiveEntry entry, TarArchiveEntry old) {
        entry.setUserId(old == null ? 0 : old.getLongUserId());
        entry.setGroupId(old == null ? 0 : old.getLongGroupId());
        entry.setUserName(old == null ? "" : old.getUserName());
        entry.setGroupName(old == null ? "" : old.getGroupName());
    }

    private static boolean isRegular(TarArchiveEntry e) {
        // Commons Compress counts every entry that is not a folder as a file, links included.
        return !e.isDirectory() && !e.isSymbolicLink() && !e.isLink() && !e.isCharacterDevice()
                && !e.isBlockDevice() && !e.isFIFO();
    }

    /** Where a link leads, in the container (Docker's archive gives the link itself, not what it names). */
    private static String linkTarget(String linkPath, TarArchiveEntry link) {
        String target = link.getLinkName();
        return withinRoot(target.startsWith("/") ? target
                : linkPath.substring(0, linkPath.lastIndexOf('/')) + "/" + target);
    }

    private static FileAccessException tooManyLinks(String userPath) {
        return new FileAccessException(FileAccessException.Reason.CONFLICT, userPath + ": more than " + MAX_LINKS
                + " links in a row");
    }

    /** A link target as the container's kernel reads it: {@code ..} stops at the root. */
    private static String withinRoot(String path) {
        List<String> parts = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.removeLast();
                }
            } else {
                parts.add(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    /** The tar header of a path in a container, read without the rest of its archive; empty when none is there. */
    private Optional<TarArchiveEntry> header(String id, String path) {
        try (InputStream tar = archive(id, path); TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            return Optional.ofNullable(in.getNextEntry());
        } catch (ApiException e) {
            if (e.status() == io.micronaut.http.HttpStatus.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static ApiException unreadable(IOException e) {
        return new ApiException(io.micronaut.http.HttpStatus.BAD_GATEWAY, "docker_error",
                "cannot read the container's archive: " + e.getMessage());
    }

    private static String mode(TarArchiveEntry e) {
        return String.format("0%03o", e.getMode() & 0777);
    }

    private static String owner(TarArchiveEntry e) {
        return e.getUserName().isEmpty() ? String.valueOf(e.getLongUserId()) : e.getUserName();
    }

    /**
     * Docker's tar stream of a path in a container.
     *
     * @param reference the container
     * @param userPath  the path
     * @return the tar; the caller closes it
     */
    public InputStream download(String reference, String userPath) {
        return archive(containers.resolveId(reference), containerPath(userPath));
    }

    private InputStream archive(String id, String path) {
        Path socket = endpoint.unixSocket().orElse(null);
        if (socket == null) {
            try {
                return docker.copyArchiveFromContainerCmd(id, path).exec();
            } catch (NotFoundException e) {
                throw ApiException.notFound("no such file in the container: " + path);
            } catch (RuntimeException e) {
                throw throughAFile(DockerErrors.map(e), path);
            }
        }
        String query = "/containers/" + id + "/archive?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
        try {
            DockerSocketGet answer = DockerSocketGet.open(socket, query, endpoint.timer());
            if (answer.ok()) {
                return answer.body();
            }
            if (answer.status() == 404) {
                answer.close();
                throw ApiException.notFound("no such file in the container: " + path);
            }
            throw throughAFile(answer.failure(), path);
        } catch (DockerSocketGet.BadAnswerException e) {
            throw new ApiException(io.micronaut.http.HttpStatus.BAD_GATEWAY, "docker_error", e.getMessage());
        } catch (IOException e) {
            throw DockerErrors.map(e);
        }
    }

    /**
     * A path through a file ({@code /bin/sh/x}) is one that does not exist; Docker's own answer is a 500 naming the
     * container's folder on the host.
     */
    private static ApiException throughAFile(ApiException failure, String path) {
        return failure.getMessage() != null && failure.getMessage().contains("not a directory")
                ? ApiException.notFound("no such file in the container: " + path) : failure;
    }

    private static FileView view(TarArchiveEntry e, String path, String name) {
        return new FileView(name, path, e.isDirectory() ? 0 : e.getSize(), e.isDirectory(), e.isSymbolicLink(), null,
                mode(e), owner(e), e.getModTime().getTime());
    }
}
