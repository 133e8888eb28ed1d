package io.bollard.files;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The system calls that reach a folder through an open descriptor ({@code openat}, {@code renameat2}), for
 * {@link HeldFolder}; this copy, for JDK 22 and later, calls the C library through the foreign function API.
 *
 * <p>Linux on x86-64 and arm64 only (the {@code open} flags differ between architectures); elsewhere
 * {@link #available()} is null and folders are reached by name.
 */
final class NativeFolders {

    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_NONBLOCK = 04000;
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = 02000000;
    private static final int RENAME_NOREPLACE = 1;

    private static final int ENOENT = 2;
    private static final int EACCES = 13;
    private static final int EEXIST = 17;
    private static final int ENOTDIR = 20;
    private static final int EINVAL = 22;
    private static final int ENOSYS = 38;
    private static final int ELOOP = 40;

    private static final NativeFolders INSTANCE = load();

    private final int directory;
    private final int noFollow;
    private final MethodHandle openat;
    private final MethodHandle close;
    /** Null when the C library has no {@code renameat2} (glibc before 2.28). */
    private final MethodHandle renameat2;
    private final StructLayout callState;
    private final VarHandle errno;
    /** How the JDK spells file names to the system, so a name reaches it as {@code java.io.File} would send it. */
    private final Charset names;

    private NativeFolders(int directory, int noFollow) {
        this.directory = directory;
        this.noFollow = noFollow;
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        Linker.Option errnoOption = Linker.Option.captureCallState("errno");
        callState = Linker.Option.captureStateLayout();
        errno = callState.varHandle(MemoryLayout.PathElement.groupElement("errno"));
        openat = linker.downcallHandle(libc.find("openat").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
                errnoOption, Linker.Option.firstVariadicArg(3));
        close = linker.downcallHandle(libc.find("close").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        renameat2 = libc.find("renameat2").map(symbol -> linker.downcallHandle(symbol,
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), errnoOption))
                .orElse(null);
        String encoding = System.getProperty("sun.jnu.encoding");
        names = encoding != null && Charset.isSupported(encoding) ? Charset.forName(encoding) : Charset.defaultCharset();
    }

    private static NativeFolders load() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux")
                || !Files.isDirectory(Path.of("/proc/self/fd"))) {
            return null;
        }
        String arch = System.getProperty("os.arch", "");
        try {
            return switch (arch) {
                case "amd64", "x86_64" -> new NativeFolders(0200000, 0400000);
                case "aarch64", "arm64" -> new NativeFolders(040000, 0100000);
                default -> null;
            };
        } catch (RuntimeException | LinkageError refused) {
            // Native access denied (--enable-native-access), or no C library to find: reach folders by name.
            return null;
        }
    }

    /** @return the calls, or null when this platform or JDK setup has none */
    static NativeFolders available() {
        return INSTANCE;
    }

    /**
     * Opens a folder the caller trusts (a sandbox's root), following links in its path.
     *
     * @param trustedFolder its absolute path
     * @return a descriptor that only reaches it ({@code O_PATH})
     */
    int open(String trustedFolder) throws IOException {
        return openAt(-100 /* AT_FDCWD */, trustedFolder, 0, trustedFolder);
    }

    /**
     * Opens a folder inside an open one, refusing a link in its place.
     *
     * @param folder the open folder
     * @param name   one name in it
     * @return a descriptor that only reaches it ({@code O_PATH})
     * @throws FileSystemException with reason {@link HeldFolder#NOT_A_FOLDER} when the name is a link or a file
     */
    int openIn(int folder, String name) throws IOException {
        return openAt(folder, name, noFollow, name);
    }

    /**
     * Opens a file in an open folder for reading, refusing a link in its place and never waiting on a pipe
     * ({@code O_NONBLOCK}); the caller checks what it opened.
     *
     * @param folder the open folder
     * @param name   one name in it
     * @return the descriptor
     */
    int openFileIn(int folder, String name) throws IOException {
        return open(folder, name, noFollow | O_NONBLOCK | O_CLOEXEC, 0, name);
    }

    /**
     * Makes a new file in an open folder, owner-only, failing when the name is taken (a link or a pipe included).
     *
     * @param folder the open folder
     * @param name   the new name
     * @return the descriptor, open for writing
     */
    int createFileIn(int folder, String name) throws IOException {
        return open(folder, name, O_WRONLY | O_CREAT | O_EXCL | noFollow | O_CLOEXEC, 0600, name);
    }

    private int openAt(int folder, String name, int extraFlags, String shown) throws IOException {
        return open(folder, name, O_PATH | directory | O_CLOEXEC | extraFlags, 0, shown);
    }

    private int open(int folder, String name, int flags, int mode, String shown) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            int fd = (int) openat.invokeExact(state, folder, arena.allocateFrom(name, names), flags, mode);
            if (fd < 0) {
                throw failure((int) errno.get(state, 0L), shown, null);
            }
            return fd;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /**
     * Renames an entry from one open folder to another unless the new name is taken, in one system call.
     *
     * @return false when the file system or C library cannot refuse a taken name (the caller checks first then)
     * @throws FileAlreadyExistsException when the new name is taken
     */
    boolean renameNoReplace(int fromFolder, String from, int toFolder, String to) throws IOException {
        if (renameat2 == null) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(callState);
            int result = (int) renameat2.invokeExact(state, fromFolder, arena.allocateFrom(from, names), toFolder,
                    arena.allocateFrom(to, names), RENAME_NOREPLACE);
            if (result == 0) {
                return true;
            }
            int code = (int) errno.get(state, 0L);
            if (code == EINVAL || code == ENOSYS) {
                return false;
            }
            throw failure(code, from, to);
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Closes a descriptor this class opened. */
    void close(int descriptor) {
        try {
            int ignored = (int) close.invokeExact(descriptor);
        } catch (Throwable impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static IOException failure(int code, String name, String other) {
        return switch (code) {
            case ENOENT -> new NoSuchFileException(name);
            case EACCES -> new AccessDeniedException(name);
            case EEXIST -> new FileAlreadyExistsException(other != null ? other : name);
            case ENOTDIR, ELOOP -> new FileSystemException(name, null, HeldFolder.NOT_A_FOLDER);
            default -> new FileSystemException(name, other, "system error " + code);
        };
    }
}
