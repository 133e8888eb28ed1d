package io.bollard.plugins.files;

import io.bollard.files.Archives;
import io.bollard.files.FileAccessException;
import io.bollard.files.FileEntry;
import io.bollard.files.FileManager;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.RequiresPlugin;
import io.micronaut.core.io.buffer.ByteArrayBufferFactory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.buffer.ReadBufferFactory;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.body.ByteBody;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.inject.Named;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code GET /agent/docker/files/download}: a file (with {@code Content-Length} and {@code Range}) or a folder
 * (tar.gz, or zip with {@code format=zip}) of a volume or stack; from a container, Docker's tar of the path.
 *
 * <p>Not an {@code @ExecuteOn} route: Micronaut would publish such a route's streamed body through its executor, a
 * thread hand-over per piece. Only finding and opening what to send (checks, a Docker call for containers) runs on
 * the blocking executor; the bytes are read by {@link ChunkedReads}.
 */
@Controller(FilesPlugin.FILES)
@RequiresPlugin(FilesPlugin.ID)
public class FileDownloadController {

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final ReadBufferFactory READ_BUFFERS = ReadBufferFactory.getJdkFactory();
    private static final ByteBodyFactory BODIES = ByteBodyFactory.createDefault(ByteArrayBufferFactory.INSTANCE);

    private final Places places;
    private final ContainerFiles containerFiles;
    private final Scheduler blocking;

    /**
     * @param places         volumes and stacks
     * @param containerFiles files in containers
     * @param blocking       where the download is looked up and opened
     */
    public FileDownloadController(Places places, ContainerFiles containerFiles,
                                  @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.places = places;
        this.containerFiles = containerFiles;
        this.blocking = Schedulers.fromExecutorService(blocking);
    }

    /**
     * Downloads a file or a folder.
     *
     * @param request   the request, which holds the opened stream until its body reads it
     * @param volume    a volume
     * @param stack     a stack
     * @param container a container
     * @param path      what to download
     * @param format    {@code tar.gz} (default) or {@code zip}, for folders
     * @param range     the Range header
     * @return the bytes, once what to send is found
     */
    @Get("/download")
    @ApiResponse(responseCode = "200", description = "the file (octet-stream); a folder as tar.gz or zip; a path "
            + "in a container as Docker's tar", content = {
                @Content(mediaType = "application/octet-stream", schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = "application/gzip", schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")),
                @Content(mediaType = "application/x-tar", schema = @Schema(type = "string", format = "binary"))},
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Content-Disposition",
                    description = "attachment, with the file's name", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "206", description = "the one bytes range the Range header asked for",
            content = @Content(mediaType = "application/octet-stream",
                    schema = @Schema(type = "string", format = "binary")),
            headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Content-Range",
                    description = "bytes FIRST-LAST/SIZE", schema = @Schema(type = "string")))
    @ApiResponse(responseCode = "416", description = "the range starts past the file's end",
            content = @Content(mediaType = "application/json",
                    schema = @Schema(ref = "#/components/schemas/Error")))
    public Mono<HttpResponse<ByteBody>> download(HttpRequest<?> request,
                                                 @Nullable @QueryValue String volume,
                                                 @Nullable @QueryValue String stack,
                                                 @Nullable @QueryValue String container,
                                                 @Nullable @QueryValue String path,
                                                 @Nullable @QueryValue String format,
                                                 @Nullable @Header(HttpHeaders.RANGE) String range) {
        // Held by the request before anything is opened: a request that ends meanwhile closes what is opened.
        ChunkedReads.Pending pending = new ChunkedReads.Pending();
        request.setAttribute(DownloadRelease.PENDING, pending);
        return Mono.fromCallable(() -> open(pending, volume, stack, container, path, format, range))
                .subscribeOn(blocking);
    }

    private HttpResponse<ByteBody> open(ChunkedReads.Pending pending, String volume, String stack, String container,
                                        String path, String format, String range) {
        Place place = new Place(volume, stack, container).checked();
        String p = FilesController.required(path, "path");
        if (format != null && !format.isEmpty() && !"zip".equalsIgnoreCase(format)
                && !"tar.gz".equalsIgnoreCase(format)) {
            throw ApiException.badRequest("format must be tar.gz (the default) or zip, not '" + format + "'");
        }
        if (place.isContainer()) {
            InputStream tar = containerFiles.download(container, p);
            return attachment(HttpResponse.ok(body(pending, tar, "download-tar", OptionalLong.empty()))
                    .contentType(new MediaType("application/x-tar")), name(p) + ".tar");
        }
        FileManager files = places.manager(place, false);
        FileEntry entry = files.stat(p);
        if (entry.isDir()) {
            Archives.Format f = "zip".equalsIgnoreCase(format) ? Archives.Format.ZIP : Archives.Format.TAR_GZ;
            InputStream archive = packInBackground(new Archives(files, places.limits()), p, f);
            MediaType type = f == Archives.Format.ZIP ? new MediaType("application/zip")
                    : new MediaType("application/gzip");
            ByteBody body = body(pending, archive, "download-pack", OptionalLong.empty());
            return attachment(HttpResponse.ok(body).contentType(type),
                    name(p) + (f == Archives.Format.ZIP ? ".zip" : ".tar.gz"));
        }
        return fileWithRange(pending, files, p, entry, range);
    }

    /** A byte position as written, past {@code Long.MAX_VALUE} taken as that (it is past any file's end). */
    private static long saturated(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private HttpResponse<ByteBody> fileWithRange(ChunkedReads.Pending pending, FileManager files, String path,
                                                 FileEntry entry, String range) {
        long size = entry.size();
        long start = 0;
        long end = size - 1;
        boolean partial = false;
        Matcher m = range == null ? null : RANGE.matcher(range.trim());
        // One bytes range is served; anything else (several ranges, another unit, a last byte before the first)
        // is ignored as RFC 9110 says, and the whole file goes out.
        if (m != null && m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
            long first = m.group(1).isEmpty() ? -1 : saturated(m.group(1));
            long last = m.group(2).isEmpty() ? -1 : saturated(m.group(2));
            if (first < 0 || last < 0 || last >= first) {
                if (first < 0) {
                    if (last == 0) {
                        return rangeNotSatisfiable(size);
                    }
                    start = Math.max(0, size - last);
                } else {
                    start = first;
                    end = last < 0 ? size - 1 : Math.min(last, size - 1);
                }
                if (start >= size) {
                    return rangeNotSatisfiable(size);
                }
                partial = true;
            }
        }
        SeekableByteChannel channel = files.open(path);
        try {
            channel.position(start);
        } catch (IOException e) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing with the first error.
            }
            throw new UncheckedIOException(e);
        }
        long length = Math.max(0, end - start + 1);
        InputStream in = new BoundedInputStream(Channels.newInputStream(channel), length);
        MutableHttpResponse<ByteBody> response = partial
                ? HttpResponse.<ByteBody>status(HttpStatus.PARTIAL_CONTENT)
                .header(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size)
                : HttpResponse.ok();
        response.body(body(pending, in, "download-file", OptionalLong.of(length)))
                .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.LAST_MODIFIED, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        Instant.ofEpochMilli(entry.mtime()).atOffset(ZoneOffset.UTC)))
                .header(HttpHeaders.ACCEPT_RANGES, "bytes");
        return attachment(response, name(path));
    }

    /**
     * The stream as a response body of {@link ChunkedReads}' chunks; a known length goes out as Content-Length. The
     * request's holder keeps the stream, so that {@link DownloadRelease} closes it if the body is never read.
     */
    private static ByteBody body(ChunkedReads.Pending pending, InputStream in, String threadName,
                                 OptionalLong length) {
        pending.fill(in);
        return BODIES.adapt(ChunkedReads.of(pending, threadName).map(READ_BUFFERS::adapt), length);
    }

    private static HttpResponse<ByteBody> rangeNotSatisfiable(long size) {
        return HttpResponse.<ByteBody>status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                .header(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
    }

    /**
     * Packs on a virtual thread into an OS pipe, so a large folder streams without being held in memory. Not
     * {@code PipedInputStream}: it fails ("Read end dead") when the thread that last read has ended.
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

    private static <T> HttpResponse<T> attachment(MutableHttpResponse<T> response, String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return response.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + safe + "\"");
    }

    private static String name(String path) {
        String trimmed = path.replaceAll("/+$", "");
        String n = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return n.isEmpty() ? "root" : n;
    }

    /** Reads at most a given number of bytes, then ends. */
    private static final class BoundedInputStream extends FilterInputStream {
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
