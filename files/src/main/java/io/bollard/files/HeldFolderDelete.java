package io.bollard.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes inside a sandbox through open folders, never through path names: each folder on the way is opened from
 * the one before without following links ({@code openat} with {@code O_NOFOLLOW}), and each entry is removed from
 * the folder that holds it ({@code unlinkat}). A container that swaps a folder on the path for a link to the host
 * while the delete runs then makes it fail, instead of turning it on the host (with path names, a recursive delete
 * raced that way removed a host folder).
 */
final class HeldFolderDelete {

    private static final LinkOption[] NO_FOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private HeldFolderDelete() {
    }

    /**
     * Deletes an entry.
     *
     * @param root      the sandbox's root (trusted: nothing the sandbox holds can replace it)
     * @param target    the entry, inside the root, its folders resolved (no links among them when checked)
     * @param recursive delete a folder's content too
     * @return false when the platform has no secure folder streams (the caller deletes by name then)
     * @throws java.nio.file.DirectoryNotEmptyException for a folder with content without {@code recursive}
     * @throws IOException when a folder on the way is no longer a folder (a link put in its place) or a removal fails
     */
    static boolean delete(Path root, Path target, boolean recursive) throws IOException {
        Path relative = root.relativize(target);
        try (DirectoryStream<Path> opened = Files.newDirectoryStream(root)) {
            if (!(opened instanceof SecureDirectoryStream<Path> rootFolder)) {
                return false;
            }
            List<SecureDirectoryStream<Path>> held = new ArrayList<>();
            try {
                SecureDirectoryStream<Path> folder = rootFolder;
                for (int i = 0; i < relative.getNameCount() - 1; i++) {
                    folder = open(folder, relative.getName(i));
                    held.add(folder);
                }
                remove(folder, relative.getFileName(), recursive);
            } finally {
                for (SecureDirectoryStream<Path> folder : held) {
                    folder.close();
                }
            }
        }
        return true;
    }

    /** Opens a folder in a held one without following a link; a link or file in its place is a swapped folder. */
    private static SecureDirectoryStream<Path> open(SecureDirectoryStream<Path> folder, Path name) throws IOException {
        try {
            return folder.newDirectoryStream(name, NO_FOLLOW);
        } catch (FileSystemException e) {
            if (e instanceof NoSuchFileException || e instanceof java.nio.file.AccessDeniedException) {
                throw e;
            }
            // ELOOP or ENOTDIR: what was checked as a folder is a link or a file now.
            throw new FileSystemException(name.toString(), null, HeldFolder.NOT_A_FOLDER);
        }
    }

    private static void remove(SecureDirectoryStream<Path> folder, Path name, boolean recursive) throws IOException {
        BasicFileAttributes attributes = folder.getFileAttributeView(name, BasicFileAttributeView.class, NO_FOLLOW)
                .readAttributes();
        if (!attributes.isDirectory()) {
            folder.deleteFile(name);
            return;
        }
        if (recursive) {
            try (SecureDirectoryStream<Path> inner = open(folder, name)) {
                List<Path> names = new ArrayList<>();
                inner.forEach(entry -> names.add(entry.getFileName()));
                for (Path entry : names) {
                    remove(inner, entry, true);
                }
            }
        }
        folder.deleteDirectory(name);
    }
}
