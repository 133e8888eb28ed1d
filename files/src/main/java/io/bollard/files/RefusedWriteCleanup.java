package io.bollard.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Takes away the folders a refused write made, without taking them from writes beside it. Writes under one key (a
 * root folder, a stack) hold a striped lock shared from making their folders to their end, and count their
 * successes; the removal holds the lock alone, and leaves the folders when a write under the key succeeded
 * meanwhile (it may have wanted just them, as a {@code mkdir} does) or when writes keep coming for a second
 * (empty folders, nothing lost).
 */
public final class RefusedWriteCleanup {

    private static final int STRIPES = 64;

    private final ReadWriteLock[] locks = new ReadWriteLock[STRIPES];
    private final AtomicLong[] succeeded = new AtomicLong[STRIPES];

    /** Makes the stripes. */
    public RefusedWriteCleanup() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantReadWriteLock();
            succeeded[i] = new AtomicLong();
        }
    }

    /**
     * A write that notes the folders it makes.
     *
     * @param <T> its answer
     */
    @FunctionalInterface
    public interface Write<T> {
        /**
         * @param made where the write adds each folder it made, outermost first
         * @return its answer
         */
        T run(List<Path> made);
    }

    /**
     * Runs a write; when it is refused (throws), the folders it made go again, innermost first, each while empty.
     *
     * @param key   what writes that may share folders have in common; a sandbox's root (a {@link Path}) when the
     *              folders are inside it, which then removes them through open folders ({@link HeldFolder}), so a
     *              folder on the way swapped for a link meanwhile is left, not removed on the host
     * @param write the write
     * @param <T>   its answer
     * @return the write's answer
     */
    public <T> T write(Object key, Write<T> write) {
        int stripe = Math.floorMod(key.hashCode(), STRIPES);
        List<Path> made = new ArrayList<>();
        long succeededBefore = 0;
        boolean refused = true;
        locks[stripe].readLock().lock();
        try {
            succeededBefore = succeeded[stripe].get();
            T answer = write.run(made);
            succeeded[stripe].incrementAndGet();
            refused = false;
            return answer;
        } finally {
            locks[stripe].readLock().unlock();
            if (refused && !made.isEmpty()) {
                remove(key, stripe, succeededBefore, made);
            }
        }
    }

    private void remove(Object key, int stripe, long succeededBefore, List<Path> made) {
        ReadWriteLock lock = locks[stripe];
        try {
            if (lock.writeLock().tryLock(1, TimeUnit.SECONDS)) {
                try {
                    if (succeeded[stripe].get() == succeededBefore) {
                        removeEmpty(key, made);
                    }
                } finally {
                    lock.writeLock().unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeEmpty(Object key, List<Path> made) {
        for (int i = made.size() - 1; i >= 0; i--) {
            Path folder = made.get(i);
            try {
                if (key instanceof Path root && folder.startsWith(root) && !folder.equals(root)) {
                    HeldFolder.at(root, folder, Files::deleteIfExists);
                } else {
                    Files.deleteIfExists(folder);
                }
            } catch (IOException inUse) {
                return; // not empty: its parents are not either
            }
        }
    }
}
