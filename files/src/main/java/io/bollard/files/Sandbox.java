package io.bollard.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One root folder that user paths cannot leave.
 *
 * <p>A user path is read relative to the root ({@code /} is the root itself). It is refused when it holds control
 * characters or NUL, backslashes, percent-encoded dots or separators (a second decoding must not change its
 * meaning), components that look like {@code ..} after Unicode normalisation, names over 255 bytes, or {@code ..}
 * that climbs above the root. It is then resolved one component at a time on the real file system: a symbolic
 * link (in any component) is followed only when its target lies inside the root, so the check is made on what the
 * path really names, not on its spelling.
 */
public final class Sandbox {

    /** The longest file name most Linux file systems take, in bytes. */
    public static final int MAX_NAME_BYTES = 255;

    /** The longest user path taken. */
    public static final int MAX_PATH_CHARS = 4096;

    private static final Pattern ENCODED = Pattern.compile("%(2e|2f|5c|00)", Pattern.CASE_INSENSITIVE);
    private static final int MAX_LINKS = 40;

    private final Path root;

    /**
     * @param root an existing folder
     * @throws FileAccessException when it is not a folder
     */
    public Sandbox(Path root) {
        try {
            this.root = root.toRealPath();
        } catch (IOException e) {
            throw new FileAccessException(FileAccessException.Reason.NOT_FOUND, "the root folder does not exist");
        }
        if (!Files.isDirectory(this.root)) {
            throw new FileAccessException(FileAccessException.Reason.NOT_FOUND, "the root is not a folder");
        }
    }

    /** @return the root's real path */
    public Path root() {
        return root;
    }

    /**
     * Resolves a user path that must exist.
     *
     * @param userPath the path, relative to the root
     * @return its real path inside the root
     */
    public Path existing(String userPath) {
        Path p = resolve(userPath);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAccessException(FileAccessException.Reason.NOT_FOUND, "no such file: " + userPath);
        }
        return p;
    }

    /**
     * Resolves a user path; the last component may not exist yet (for creating it), but its folder must.
     *
     * @param userPath the path, relative to the root
     * @return where it is, inside the root
     * @throws FileAccessException when the path is malformed or leads outside
     */
    public Path resolve(String userPath) {
        List<String> parts = components(userPath);
        // Spelled to climb above the root: refused whatever exists.
        int depth = 0;
        for (String part : parts) {
            depth += part.equals("..") ? -1 : 1;
            if (depth < 0) {
                throw outside(userPath);
            }
        }
        Path current = root;
        int links = 0;
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part.equals("..")) {
                if (current.equals(root)) {
                    throw outside(userPath);
                }
                current = current.getParent();
                continue;
            }
            Path next = current.resolve(part);
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(next, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException missing) {
                if (i < parts.size() - 1 && !parts.subList(i + 1, parts.size()).stream().allMatch(".."::equals)) {
                    throw new FileAccessException(FileAccessException.Reason.NOT_FOUND,
                            "no such folder: " + String.join("/", parts.subList(0, i + 1)));
                }
                current = next;
                continue;
            } catch (IOException e) {
                throw new FileAccessException(FileAccessException.Reason.IO, "cannot read " + userPath, e);
            }
            if (attrs.isSymbolicLink()) {
                if (++links > MAX_LINKS) {
                    throw new FileAccessException(FileAccessException.Reason.INVALID_PATH, "too many links in " + userPath);
                }
                Path target;
                try {
                    target = next.toRealPath();
                } catch (IOException dangling) {
                    // A link to nothing: it may be listed or removed as itself, but not followed.
                    if (i == parts.size() - 1) {
                        current = next;
                        continue;
                    }
                    throw new FileAccessException(FileAccessException.Reason.NOT_FOUND, "broken link in " + userPath);
                }
                if (!inside(target)) {
                    throw new FileAccessException(FileAccessException.Reason.OUTSIDE_ROOT,
                            "'" + userPath + "' goes through a link that points outside");
                }
                current = target;
            } else {
                current = next;
            }
        }
        if (!inside(current)) {
            throw outside(userPath);
        }
        return current;
    }

    /**
     * The path of a real path relative to the root, as a user writes it.
     *
     * @param real a path inside the root
     * @return {@code /a/b}
     */
    public String userPath(Path real) {
        Path rel = root.relativize(real);
        String s = rel.toString().replace('\\', '/');
        return s.isEmpty() ? "/" : "/" + s;
    }

    /**
     * Whether a real path lies inside the root (or is the root).
     *
     * @param real a normalised absolute path
     * @return true when inside
     */
    public boolean inside(Path real) {
        Path n = real.toAbsolutePath().normalize();
        return n.equals(root) || n.startsWith(root);
    }

    /**
     * Checks a user path's spelling and splits it into components; also for paths that are not on this file
     * system, such as paths inside a container.
     *
     * @param userPath the path
     * @return its components ({@code .} and empty ones left out; {@code ..} kept)
     */
    public static List<String> components(String userPath) {
        if (userPath == null) {
            throw invalid("no path given");
        }
        if (userPath.length() > MAX_PATH_CHARS) {
            throw invalid("the path is longer than " + MAX_PATH_CHARS + " characters");
        }
        for (int i = 0; i < userPath.length(); i++) {
            char c = userPath.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw invalid("the path holds a control character");
            }
            if (c == '\\') {
                throw invalid("the path holds a backslash; use /");
            }
        }
        if (ENCODED.matcher(userPath).find()) {
            throw invalid("the path holds a percent-encoded dot, slash or NUL");
        }
        List<String> out = new ArrayList<>();
        for (String part : userPath.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
                throw invalid("a name in the path is longer than " + MAX_NAME_BYTES + " bytes");
            }
            String normal = Normalizer.normalize(part, Normalizer.Form.NFKC);
            if (!part.equals("..") && (normal.equals("..") || normal.equals(".") || normal.contains("/")
                    || normal.contains("\\") || normal.toLowerCase(Locale.ROOT).matches("\\.+"))) {
                throw invalid("'" + part + "' looks like a path separator or dots");
            }
            out.add(part);
        }
        return out;
    }

    private static FileAccessException invalid(String message) {
        return new FileAccessException(FileAccessException.Reason.INVALID_PATH, message);
    }

    private static FileAccessException outside(String userPath) {
        return new FileAccessException(FileAccessException.Reason.OUTSIDE_ROOT, "'" + userPath + "' leads outside");
    }
}
