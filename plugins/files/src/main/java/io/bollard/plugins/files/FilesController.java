package io.bollard.plugins.files;

import io.bollard.files.Archives;
import io.bollard.files.FileEntry;
import io.bollard.files.FileManager;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.multipart.CompletedPart;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import reactor.core.publisher.Flux;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The files routes: {@code GET /agent/docker/files} (list), {@code /read}; {@code POST /write}, {@code /upload},
 * {@code /mkdir}, {@code /rename}; {@code DELETE}. {@code volume=}, {@code stack=} or {@code container=} says where.
 * ({@code /download} is {@link FileDownloadController}.)
 */
@Controller(FilesPlugin.FILES)
@RequiresPlugin(FilesPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class FilesController {

    private final Places places;
    private final ContainerFiles containerFiles;

    /**
     * @param places         volumes and stacks
     * @param containerFiles files in containers
     */
    public FilesController(Places places, ContainerFiles containerFiles) {
        this.places = places;
        this.containerFiles = containerFiles;
    }

    /**
     * Lists a folder.
     *
     * @param volume    a volume
     * @param stack     a stack
     * @param container a container
     * @param path      the folder, {@code /} by default
     * @return its entries
     */
    @Get
    public List<FileView> list(@Nullable @QueryValue String volume, @Nullable @QueryValue String stack,
                               @Nullable @QueryValue String container, @Nullable @QueryValue String path) {
        Place place = new Place(volume, stack, container).checked();
        String p = path == null ? "/" : path;
        if (place.isContainer()) {
            return containerFiles.list(container, p);
        }
        return places.manager(place, false).list(p).stream().map(FileView::of).toList();
    }

    /**
     * Reads a file whole (up to {@code AGENT_FILES_MAX_READ}; 413 beyond).
     *
     * @param volume    a volume
     * @param stack     a stack
     * @param container a container
     * @param path      the file
     * @param encoding  {@code base64} to force base64; text that is not UTF-8 comes as base64 anyway
     * @return the content
     */
    @Get("/read")
    public FileRequests.Content read(@Nullable @QueryValue String volume, @Nullable @QueryValue String stack,
                                     @Nullable @QueryValue String container, @Nullable @QueryValue String path,
                                     @Nullable @QueryValue String encoding) {
        Place place = new Place(volume, stack, container).checked();
        String p = required(path, "path");
        Encodings.checkWanted(encoding);
        byte[] bytes;
        Long mtime = null;
        String mode = null;
        if (place.isContainer()) {
            ContainerFiles.Read read = containerFiles.read(container, p);
            bytes = read.bytes();
            mtime = read.mtime();
            mode = read.mode();
        } else {
            FileManager files = places.manager(place, false);
            FileEntry entry = files.stat(p);
            bytes = files.read(p);
            mtime = entry.mtime();
            mode = entry.mode();
        }
        String[] encoded = Encodings.encode(bytes, encoding);
        return new FileRequests.Content(p, encoded[0], encoded[1], bytes.length, mtime, mode);
    }

    /**
     * Writes a file atomically.
     *
     * @param request what and where
     * @return the written file
     */
    @Post("/write")
    public FileView write(@Body FileRequests.Write request) {
        places.checkWritable();
        Place place = request.place();
        String p = required(request.path(), "path");
        byte[] bytes = Encodings.decode(request.content(), request.encoding());
        if (place.isContainer()) {
            return containerFiles.write(request.container(), p, bytes, request.octalMode(),
                    Boolean.TRUE.equals(request.createDirs()), request.expectedMtime());
        }
        return places.writing(place, files -> FileView.of(files.write(p, new ByteArrayInputStream(bytes),
                request.octalMode(), Boolean.TRUE.equals(request.createDirs()), request.expectedMtime())));
    }

    /**
     * Makes a folder (and its parents).
     *
     * @param request where
     * @return the folder
     */
    @Post("/mkdir")
    public FileView mkdir(@Body FileRequests.Mkdir request) {
        places.checkWritable();
        Place place = request.place();
        noContainer(place, "mkdir");
        String path = required(request.path(), "path");
        return places.writing(place, files -> FileView.of(files.mkdirs(path)));
    }

    /**
     * Moves or renames; the target must not exist.
     *
     * @param request where, from and to
     * @return the moved entry
     */
    @Post("/rename")
    public FileView rename(@Body FileRequests.Rename request) {
        places.checkWritable();
        Place place = request.place();
        noContainer(place, "rename");
        return FileView.of(places.manager(place, false).rename(required(request.from(), "from"),
                required(request.to(), "to")));
    }

    /**
     * Deletes a file, link or folder (a folder with content only with {@code recursive=true}); never the root.
     *
     * @param volume    a volume
     * @param stack     a stack
     * @param container a container
     * @param path      what to delete
     * @param recursive delete a folder's content too
     * @return what was deleted
     */
    @Delete
    public java.util.Map<String, String> delete(@Nullable @QueryValue String volume, @Nullable @QueryValue String stack,
                                               @Nullable @QueryValue String container, @Nullable @QueryValue String path,
                                               @QueryValue(defaultValue = "false") boolean recursive) {
        places.checkWritable();
        Place place = new Place(volume, stack, container).checked();
        noContainer(place, "delete");
        String p = required(path, "path");
        places.manager(place, false).delete(p, recursive);
        return java.util.Map.of("path", p, "status", "deleted");
    }

    /**
     * Uploads files (multipart: {@code path}, one or more {@code file}, optional {@code extract=true} to unpack
     * archives, and {@code volume} or {@code stack}). Files land in the {@code path} folder under their own names.
     *
     * @param body the multipart body
     * @return what was written (for archives, the folder they were unpacked into)
     */
    @Post(value = "/upload", consumes = MediaType.MULTIPART_FORM_DATA)
    public List<FileView> upload(@Body MultipartBody body) {
        places.checkWritable();
        List<CompletedPart> parts = Flux.from(body).collectList().block(Duration.ofHours(1));
        String volume = null;
        String stack = null;
        String path = "/";
        boolean extract = false;
        List<CompletedFileUpload> uploads = new ArrayList<>();
        try {
            for (CompletedPart part : parts == null ? List.<CompletedPart>of() : parts) {
                if (part instanceof CompletedFileUpload upload) {
                    uploads.add(upload);
                    continue;
                }
                String value = new String(part.getBytes(), java.nio.charset.StandardCharsets.UTF_8);
                switch (part.getName()) {
                    case "volume" -> volume = value;
                    case "stack" -> stack = value;
                    case "path" -> path = value;
                    case "extract" -> extract = flag("extract", value);
                    case "container" -> throw ApiException.badRequest("upload into containers is not supported; "
                            + "use POST /agent/docker/containers/{id}/files/write");
                    default -> throw ApiException.badRequest("unknown form field '" + part.getName() + "'");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (uploads.isEmpty()) {
            throw ApiException.badRequest("no file part: send one or more parts named file");
        }
        // Every part's name (and, to extract, format) is checked before any is written.
        for (CompletedFileUpload upload : uploads) {
            String name = upload.getFilename();
            if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".")
                    || name.equals("..")) {
                throw ApiException.badRequest("each file needs a plain file name, not '" + name + "'");
            }
            if (extract && Archives.Format.ofName(name) == null) {
                throw ApiException.badRequest(name + " is not a .tar, .tar.gz, .tgz or .zip archive");
            }
        }
        Place place = new Place(volume, stack, null).checked();
        String into = path;
        boolean unpack = extract;
        return places.writing(place, files -> {
            List<FileView> out = new ArrayList<>();
            for (CompletedFileUpload upload : uploads) {
                String name = upload.getFilename();
                try (InputStream in = upload.getInputStream()) {
                    Archives.Format format = unpack ? Archives.Format.ofName(name) : null;
                    if (format != null) {
                        new Archives(files, places.limits()).unpack(in, format, into);
                        out.add(FileView.of(files.stat(into)));
                    } else {
                        String target = (into.endsWith("/") ? into : into + "/") + name;
                        out.add(FileView.of(files.write(target, in, null, true, null)));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return out;
        });
    }

    private static boolean flag(String field, String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw ApiException.badRequest(field + " takes true or false, not '" + value.trim() + "'");
        };
    }

    private static void noContainer(Place place, String operation) {
        if (place.isContainer()) {
            throw ApiException.badRequest(operation + " is not supported inside containers");
        }
    }

    static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(name + " is required");
        }
        return value;
    }
}
