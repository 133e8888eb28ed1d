package io.bollard.plugins.files;

import io.bollard.files.Archives;
import io.bollard.files.FileAccessException;
import io.bollard.files.FileEntry;
import io.bollard.files.FileManager;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.error.ApiException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.multipart.CompletedPart;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import reactor.core.publisher.Flux;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.SeekableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files routes: {@code GET /agent/docker/files} (list), {@code /read}, {@code /download}; {@code POST /write},
 * {@code /upload}, {@code /mkdir}, {@code /rename}; {@code DELETE}. {@code volume=}, {@code stack=} or
 * {@code container=} says where.
 */
@Controller(FilesPlugin.FILES)
@RequiresPlugin(FilesPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class FilesController {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

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
        byte[] bytes;
        Long mtime = null;
        String mode = null;
        if (place.isContainer()) {
            bytes = containerFiles.read(container, p);
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
            String written = containerFiles.write(request.container(), p, bytes, request.mode());
            return new FileView(written.substring(written.lastIndexOf('/') + 1), written, bytes.length, false, false,
                    null, request.mode(), null, System.currentTimeMillis());
        }
        FileManager files = places.manager(place, true);
        return FileView.of(files.write(p, new ByteArrayInputStream(bytes), request.mode(),
                Boolean.TRUE.equals(request.createDirs()), request.expectedMtime()));
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
        return FileView.of(places.manager(place, true).mkdirs(required(request.path(), "path")));
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
     * Downloads a file (with {@code Content-Length} and {@code Range}) or a folder (tar.gz, or zip with
     * {@code format=zip}); from a container, Docker's tar of the path.
     *
     * @param volume    a volume
     * @param stack     a stack
     * @param container a container
     * @param path      what to download
     * @param format    {@code tar.gz} (default) or {@code zip}, for folders
     * @param range     the Range header
     * @return the bytes
     */
    @Get("/download")
    public HttpResponse<StreamedFile> download(@Nullable @QueryValue String volume, @Nullable @QueryValue String stack,
                                               @Nullable @QueryValue String container,
                                               @Nullable @QueryValue String path, @Nullable @QueryValue String format,
                                               @Nullable @Header(HttpHeaders.RANGE) String range) {
        Place place = new Place(volume, stack, container).checked();
        String p = required(path, "path");
        if (place.isContainer()) {
            InputStream tar = containerFiles.download(container, p);
            return attachment(HttpResponse.ok(new StreamedFile(tar, new MediaType("application/x-tar"))),
                    name(p) + ".tar");
        }
        FileManager files = places.manager(place, false);
        FileEntry entry = files.stat(p);
        if (entry.isDir()) {
            Archives.Format f = "zip".equalsIgnoreCase(format) ? Archives.Format.ZIP : Archives.Format.TAR_GZ;
            InputStream archive = packInBackground(new Archives(files, places.limits()), p, f);
            MediaType type = f == Archives.Format.ZIP ? new MediaType("application/zip") : new MediaType("application/gzip");
            return attachment(HttpResponse.ok(new StreamedFile(archive, type)),
                    name(p) + (f == Archives.Format.ZIP ? ".zip" : ".tar.gz"));
        }
        return fileWithRange(files, p, entry, range);
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
                    case "extract" -> extract = Boolean.parseBoolean(value.trim());
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
        Place place = new Place(volume, stack, null).checked();
        FileManager files = places.manager(place, true);
        List<FileView> out = new ArrayList<>();
        for (CompletedFileUpload upload : uploads) {
            String name = upload.getFilename();
            if (name == null || name.isBlank() || name.contains("/") || name.contains("\\")) {
                throw ApiException.badRequest("each file needs a plain file name, not '" + name + "'");
            }
            try (InputStream in = upload.getInputStream()) {
                Archives.Format format = extract ? Archives.Format.ofName(name) : null;
                if (extract && format == null) {
                    throw ApiException.badRequest(name + " is not a .tar, .tar.gz, .tgz or .zip archive");
                }
                if (format != null) {
                    new Archives(files, places.limits()).unpack(in, format, path);
                    out.add(FileView.of(files.stat(path)));
                } else {
                    files.mkdirs(path);
                    String target = (path.endsWith("/") ? path : path + "/") + name;
                    out.add(FileView.of(files.write(target, in, null, false, null)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    private HttpResponse<StreamedFile> fileWithRange(FileManager files, String path, FileEntry entry, String range) {
        long size = entry.size();
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        if (range != null) {
            Matcher m = RANGE.matcher(range.trim());
            if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
                return rangeNotSatisfiable(size);
            }
            if (m.group(1).isEmpty()) {
                start = Math.max(0, size - Long.parseLong(m.group(2)));
            } else {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
            if (start >= size || start > end) {
                return rangeNotSatisfiable(size);
            }
            partial = true;
        }
        SeekableByteChannel channel = files.open(path);
        try {
            channel.position(start);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(e);
        }
        long length = end - start + 1;
        InputStream in = new BoundedInputStream(Channels.newInputStream(channel), length);
        StreamedFile body = new StreamedFile(in, MediaType.APPLICATION_OCTET_STREAM_TYPE, entry.mtime(), length);
        io.micronaut.http.MutableHttpResponse<StreamedFile> response = partial
                ? HttpResponse.<StreamedFile>status(HttpStatus.PARTIAL_CONTENT).body(body)
                .header(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size)
                : HttpResponse.ok(body);
        response.header(HttpHeaders.ACCEPT_RANGES, "bytes");
        return attachment(response, name(path));
    }

    private static HttpResponse<StreamedFile> rangeNotSatisfiable(long size) {
        return HttpResponse.<StreamedFile>status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                .header(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
    }

    /**
     * Packs on a virtual thread into an OS pipe, so a large folder streams without being held in memory. Not
     * {@code PipedInputStream}: it fails ("Read end dead") when the thread that last read has ended, and the
     * server reads on changing threads.
     */
    private static InputStream packInBackground(Archives archives, String path, Archives.Format format) {
        try {
            Pipe pipe = Pipe.open();
            Thread.ofVirtual().name("pack").start(() -> {
                try (OutputStream out = Channels.newOutputStream(pipe.sink())) {
                    archives.pack(path, format, out);
                } catch (IOException | FileAccessException closedOrFailed) {
                    // The client went away (pipe closed) or the folder changed; the stream just ends.
                }
            });
            return Channels.newInputStream(pipe.source());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> HttpResponse<T> attachment(io.micronaut.http.MutableHttpResponse<T> response, String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return response.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + safe + "\"");
    }

    private static String name(String path) {
        String trimmed = path.replaceAll("/+$", "");
        String n = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return n.isEmpty() ? "root" : n;
    }

    private static void noContainer(Place place, String operation) {
        if (place.isContainer()) {
            throw ApiException.badRequest(operation + " is not supported inside containers");
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw ApiException.badRequest(name + " is required");
        }
        return value;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // Nothing more to do.
        }
    }

    /** Reads at most a given number of bytes, then ends. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
