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
     * Reads a file in a container, up to the read limit.
     *
     * @param reference the container
     * @param userPath  the file
     * @return its bytes
     */
    public byte[] read(String reference, String userPath) {
        String id = containers.resolveId(reference);
        String path = containerPath(userPath);
        try (InputStream tar = archive(id, path); TarArchiveInputStream in = new TarArchiveInputStream(tar)) {
            TarArchiveEntry e = in.getNextEntry();
            if (e == null || !e.isFile()) {
                throw new FileAccessException(FileAccessException.Reason.CONFLICT, userPath + " is not a regular file");
            }
            long max = places.limits().maxReadBytes();
            if (e.getSize() > max) {
                throw new FileAccessException(FileAccessException.Reason.TOO_LARGE, userPath + " is " + e.getSize()
                        + " bytes; reads are limited to " + max + " (download it instead)");
            }
            return in.readNBytes((int) e.getSize());
        } catch (IOException e) {
            throw new ApiException(io.micronaut.http.HttpStatus.BAD_GATEWAY, "docker_error",
                    "cannot read the container's archive: " + e.getMessage());
        }
    }

    /**
     * Writes one file into a container (its folder must exist).
     *
     * @param reference the container
     * @param userPath  the file
     * @param content   the bytes
     * @param mode      permission bits, octal, or null for 0644
     * @return the written file's path
     */
    public String write(String reference, String userPath, byte[] content, String mode) {
        String id = containers.resolveId(reference);
        String path = containerPath(userPath);
        int slash = path.lastIndexOf('/');
        String dir = slash == 0 ? "/" : path.substring(0, slash);
        String name = path.substring(slash + 1);
        if (name.isEmpty()) {
            throw new FileAccessException(FileAccessException.Reason.FORBIDDEN, "cannot write over the root folder");
        }
        int bits = mode == null ? 0644 : FileManager.modeBits(mode);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            entry.setMode(0100000 | bits);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            docker.copyArchiveToContainerCmd(id).withRemotePath(dir)
                    .withTarInputStream(new ByteArrayInputStream(bytes.toByteArray())).exec();
        } catch (NotFoundException e) {
            throw ApiException.notFound("no such folder in the container: " + dir);
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
        return path;
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
                throw DockerErrors.map(e);
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
            throw answer.failure();
        } catch (DockerSocketGet.BadAnswerException e) {
            throw new ApiException(io.micronaut.http.HttpStatus.BAD_GATEWAY, "docker_error", e.getMessage());
        } catch (IOException e) {
            throw DockerErrors.map(e);
        }
    }

    private static FileView view(TarArchiveEntry e, String path, String name) {
        return new FileView(name, path, e.isDirectory() ? 0 : e.getSize(), e.isDirectory(), e.isSymbolicLink(), null,
                String.format("0%03o", e.getMode() & 0777), e.getUserName().isEmpty() ? String.valueOf(e.getLongUserId())
                : e.getUserName(), e.getModTime().getTime());
    }
}
