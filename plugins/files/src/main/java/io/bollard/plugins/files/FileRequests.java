package io.bollard.plugins.files;

import io.bollard.files.FileAccessException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The JSON bodies of the files routes.
 */
public final class FileRequests {

    private FileRequests() {
    }

    /**
     * {@code POST /agent/docker/files/write}.
     *
     * @param volume        a volume name
     * @param stack         a stack name
     * @param container     a container
     * @param path          the file
     * @param content       the new content
     * @param encoding      {@code utf8} (default) or {@code base64}
     * @param mode          permission bits, a string of octal digits (a JSON number is refused: see {@link #octal})
     * @param createDirs    create missing folders
     * @param expectedMtime refuse (409) when the file's mtime is not this any more
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Write(@Nullable String volume, @Nullable String stack, @Nullable String container,
                        @Nullable String path, @Nullable String content, @Nullable String encoding,
                        @Nullable @Schema(type = "string", example = "0644") Object mode,
                        @Nullable Boolean createDirs, @Nullable Long expectedMtime) {

        /** @return the mode as octal digits, or null */
        @Nullable
        String octalMode() {
            return octal(mode);
        }

        Place place() {
            return new Place(volume, stack, container).checked();
        }
    }

    /**
     * {@code POST /agent/docker/files/mkdir}.
     *
     * @param volume    a volume name
     * @param stack     a stack name
     * @param container a container (not supported for mkdir)
     * @param path      the folder
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Mkdir(@Nullable String volume, @Nullable String stack, @Nullable String container,
                        @Nullable String path) {

        Place place() {
            return new Place(volume, stack, container).checked();
        }
    }

    /**
     * {@code POST /agent/docker/files/rename}.
     *
     * @param volume    a volume name
     * @param stack     a stack name
     * @param container a container (not supported for rename)
     * @param from      the source
     * @param to        the target
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Rename(@Nullable String volume, @Nullable String stack, @Nullable String container,
                         @Nullable String from, @Nullable String to) {

        Place place() {
            return new Place(volume, stack, container).checked();
        }
    }

    /**
     * {@code POST /agent/docker/containers/{id}/files/write}.
     *
     * @param path     the file, absolute in the container
     * @param content  the content
     * @param encoding {@code utf8} (default) or {@code base64}
     * @param mode     permission bits, a string of octal digits (a JSON number is refused: see {@link #octal})
     * @param createDirs    make missing parent folders
     * @param expectedMtime the file's mtime when it was read (epoch milliseconds): 409 when it changed since
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ContainerWrite(@Nullable String path, @Nullable String content, @Nullable String encoding,
                                 @Nullable @Schema(type = "string", example = "0644") Object mode,
                                 @Nullable Boolean createDirs, @Nullable Long expectedMtime) {

        /** @return the mode as octal digits, or null */
        @Nullable
        String octalMode() {
            return octal(mode);
        }
    }

    /**
     * A mode as the request wrote it. A JSON number is refused rather than guessed: clients send both 420 (0644
     * read as decimal, as {@code stat} gives it) and 644, and either reading silently gives the other a wrong mode.
     */
    static String octal(Object mode) {
        if (mode == null || mode instanceof String) {
            return (String) mode;
        }
        throw new FileAccessException(FileAccessException.Reason.BAD_REQUEST, "mode must be a string of octal "
                + "digits such as \"0644\"; a number is ambiguous (420 is 0644 written in decimal)");
    }

    /**
     * A file's content as {@code GET /agent/docker/files/read} answers it.
     *
     * @param path     the file
     * @param content  the text, or base64
     * @param encoding {@code utf8} or {@code base64}
     * @param size     bytes
     * @param mtime    modification time, epoch milliseconds (for {@code expected_mtime})
     * @param mode     permission bits
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Content(String path, String content, String encoding, long size, @Nullable Long mtime,
                          @Nullable String mode) {
    }

    /**
     * A volume as {@code GET /agent/docker/volumes} lists it.
     *
     * @param name       its name
     * @param driver     its driver
     * @param labels     its labels
     * @param mountpoint where Docker keeps it
     * @param inUseBy    the visible containers that mount it
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Volume(String name, @Nullable String driver, java.util.Map<String, String> labels,
                         @Nullable String mountpoint, java.util.List<String> inUseBy) {
    }
}
