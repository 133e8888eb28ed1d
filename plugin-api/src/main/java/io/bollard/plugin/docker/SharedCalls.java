package io.bollard.plugin.docker;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Lets concurrent identical read calls to Docker share one call, without ever answering a caller with what was
 * read before it asked.
 *
 * <p>A caller that finds no call running for its key makes the call. One that finds a call running does not take
 * that call's answer (Docker may have read its state before this caller asked, say just before the caller's own
 * container was created): it waits for the next call, which starts when the running one ends and is shared by
 * every caller that arrived meanwhile. Under load, such as many dashboards listing the same containers, Docker
 * then answers about one list per list duration instead of one per caller; alone, a caller waits for nothing.
 *
 * @param <K> what makes two calls identical
 * @param <V> the answer, shared by the callers: it must not be changed
 */
public final class SharedCalls<K, V> {

    private final Map<K, Slot<V>> slots = new ConcurrentHashMap<>();

    /**
     * Answers with a call that started after this method was entered.
     *
     * @param key  identical calls have equal keys
     * @param call makes the call; its exception reaches every caller that shared it
     * @return the answer
     */
    public V get(K key, Supplier<V> call) {
        while (true) {
            Slot<V> slot = slots.computeIfAbsent(key, k -> new Slot<>());
            CompletableFuture<V> mine;
            CompletableFuture<V> after = null;
            boolean leads = false;
            synchronized (slot) {
                if (slot.retired) {
                    continue;
                }
                if (slot.next != null) {
                    mine = slot.next;
                } else if (slot.running == null) {
                    mine = new CompletableFuture<>();
                    slot.running = mine;
                    leads = true;
                } else {
                    mine = new CompletableFuture<>();
                    slot.next = mine;
                    after = slot.running;
                    leads = true;
                }
            }
            if (leads) {
                lead(key, slot, mine, after, call);
            }
            try {
                return mine.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    private void lead(K key, Slot<V> slot, CompletableFuture<V> mine, CompletableFuture<V> after, Supplier<V> call) {
        if (after != null) {
            // The running call's answer may predate the callers of this one: wait for it to end, then call anew.
            after.handle((v, e) -> null).join();
            synchronized (slot) {
                slot.running = mine;
                slot.next = null;
            }
        }
        try {
            mine.complete(call.get());
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            synchronized (slot) {
                if (slot.running == mine) {
                    slot.running = null;
                }
                if (slot.running == null && slot.next == null) {
                    slot.retired = true;
                    slots.remove(key, slot);
                }
            }
        }
    }

    /** Number of keys with a call running or waiting; for tests. */
    int activeKeys() {
        return slots.size();
    }

    /** The calls of one key: the one running, and the one that starts when it ends. */
    private static final class Slot<V> {
        private CompletableFuture<V> running;
        private CompletableFuture<V> next;
        /** Removed from the map: a caller that still found it looks again. */
        private boolean retired;
    }
}
