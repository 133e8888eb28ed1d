package io.bollard.plugin.docker;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedCallsTest {

    private final SharedCalls<String, Integer> calls = new SharedCalls<>();
    private final AtomicInteger made = new AtomicInteger();

    @Test
    void aCallerAloneMakesItsOwnCall() {
        assertEquals(1, calls.get("k", made::incrementAndGet));
        assertEquals(2, calls.get("k", made::incrementAndGet));
        assertEquals(0, calls.activeKeys(), "nothing is kept once the calls are done");
    }

    @Test
    void callersArrivingDuringACallShareTheNextOneAndNeverTheRunningOne() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = pool.submit(() -> calls.get("k", () -> {
                int n = made.incrementAndGet();
                firstStarted.countDown();
                await(releaseFirst);
                return n;
            }));
            assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
            List<Future<Integer>> later = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                later.add(pool.submit(() -> calls.get("k", made::incrementAndGet)));
            }
            // Let them all queue behind the running call before it ends.
            Thread.sleep(200);
            releaseFirst.countDown();

            assertEquals(1, first.get(5, TimeUnit.SECONDS));
            for (Future<Integer> f : later) {
                assertEquals(2, f.get(5, TimeUnit.SECONDS), "answered by the call after the running one");
            }
        }
        assertEquals(2, made.get(), "nine callers, two calls");
        assertEquals(0, calls.activeKeys());
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> slow = pool.submit(() -> calls.get("slow", () -> {
                await(release);
                return 1;
            }));
            assertEquals(7, calls.get("other", () -> 7));
            release.countDown();
            assertEquals(1, slow.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void aFailureReachesEveryCallerThatSharedTheCallAndTheNextCallIsMadeAnew() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        IllegalStateException failure = new IllegalStateException("Docker is down");
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Integer> first = pool.submit(() -> calls.get("k", () -> {
                started.countDown();
                await(release);
                return 1;
            }));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            List<Future<Integer>> sharing = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                sharing.add(pool.submit(() -> calls.get("k", () -> {
                    made.incrementAndGet();
                    throw failure;
                })));
            }
            Thread.sleep(200);
            release.countDown();
            assertEquals(1, first.get(5, TimeUnit.SECONDS));
            for (Future<Integer> f : sharing) {
                Exception e = assertThrows(Exception.class, () -> f.get(5, TimeUnit.SECONDS));
                assertSame(failure, e.getCause());
            }
        }
        assertEquals(1, made.get(), "the three callers shared one failing call");
        assertEquals(5, calls.get("k", () -> 5));
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
