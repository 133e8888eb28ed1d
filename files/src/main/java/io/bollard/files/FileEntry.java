package io.bollard.files;

/**
 * One file or folder as a listing shows it.
 *
 * @param name       its name
 * @param path       its path from the root, {@code /a/b}
 * @param size       its size in bytes (0 for folders)
 * @param isDir      whether it is a folder
 * @param isSymlink  whether it is a symbolic link
 * @param linkTarget where the link points, as a path from the root, when it points inside; else null
 * @param mode       its permission bits, octal ({@code 0644})
 * @param owner      its owner's name or uid
 * @param mtime      its modification time, epoch milliseconds
 */
public record FileEntry(String name, String path, long size, boolean isDir, boolean isSymlink, String linkTarget,
                        String mode, String owner, long mtime) {
}
