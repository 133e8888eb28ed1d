package io.bollard.plugins.files;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
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
     * @param mode          permission bits, octal
     * @param createDirs    create missing folders
     * @param expectedMtime refuse (409) when the file's mtime is not this any more
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Write(@Nullable String volume, @Nullable String stack, @Nullable String container,
                        @Nullable String path, @Nullable String content, @Nullable String encoding,
                        @Nullable String mode, @Nullable Boolean createDirs, @Nullable Long expectedMtime) {

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
     * @param mode     permission bits, octal
     * @param createDirs    make missing parent folders
     * @param expectedMtime the file's mtime when it was read (epoch milliseconds): 409 when it changed since
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ContainerWrite(@Nullable String path, @Nullable String content, @Nullable String encoding,
                                 @Nullable String mode, @Nullable Boolean createDirs, @Nullable Long expectedMtime) {
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
