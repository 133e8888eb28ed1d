package io.bollard.plugins.files;

import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.filter.LabelFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stack folder a refused write made is removed, unless a write beside it succeeded meanwhile. Stack places
 * with no label filter need no engine; the interleaving is forced with latches, which requests cannot do.
 */
class PlacesTest {

    @TempDir
    Path data;

    private Places places() {
        return new Places(null, new VisibleContainers(null, LabelFilter.none()), LabelFilter.none(),
                data.toString(), null, 1 << 20, 1 << 20, 1000, false);
    }

    @Test
    void aRefusedWriteRemovesTheStackFolderItMade() {
        Places places = places();
        assertThrows(ApiException.class, () -> places.writing(new Place(null, "fresh", null), files -> {
            throw ApiException.badRequest("refused");
        }));
        assertFalse(Files.exists(data.resolve("stacks/fresh")));
    }

    @Test
    void aWriteThatSucceededMeanwhileKeepsTheFolderEvenWhenItIsEmpty() throws Exception {
        Places places = places();
        CountDownLatch refusedStarted = new CountDownLatch(1);
        CountDownLatch goodDone = new CountDownLatch(1);
        CompletableFuture<Void> refused = CompletableFuture.runAsync(() -> places.writing(
                new Place(null, "shared", null), files -> {
                    refusedStarted.countDown();
                    await(goodDone);
                    throw ApiException.badRequest("refused");
                }));
        await(refusedStarted);
        // Like mkdir of the stack's root: it succeeds with the folder alone.
        places.writing(new Place(null, "shared", null), files -> files.mkdirs("/"));
        goodDone.countDown();
        assertThrows(Exception.class, refused::join);
        assertTrue(Files.isDirectory(data.resolve("stacks/shared")), "the good write's folder stays");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
