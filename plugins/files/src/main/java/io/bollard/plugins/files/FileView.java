package io.bollard.plugins.files;

import io.bollard.files.FileEntry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * A file or folder as the files routes show it.
 *
 * @param name       its name
 * @param path       its path from the root of the place
 * @param size       bytes
 * @param isDir      whether it is a folder
 * @param isSymlink  whether it is a link
 * @param linkTarget where the link points, when inside the place
 * @param mode       permission bits, octal
 * @param owner      owner
 * @param mtime      modification time, epoch milliseconds (give it back as {@code expected_mtime} to write safely)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record FileView(String name, String path, long size, boolean isDir, boolean isSymlink,
                       @Nullable String linkTarget, @Nullable String mode, @Nullable String owner, long mtime) {

    static FileView of(FileEntry e) {
        return new FileView(e.name(), e.path(), e.size(), e.isDir(), e.isSymlink(), e.linkTarget(), e.mode(),
                e.owner(), e.mtime());
    }
}
