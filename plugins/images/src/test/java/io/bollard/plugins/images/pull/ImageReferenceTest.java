package io.bollard.plugins.images.pull;

import io.bollard.plugin.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:abababababababababababababababababababababababababababababababab";

    @ParameterizedTest
    @ValueSource(strings = {"busybox", "busybox:1.36", "library/busybox:latest", "localhost:5000/a/b:tag",
        "127.0.0.1:5000/team/app:1.2", "registry.example.com/x__y/z.w:v1", "x-y--z", "a@" + DIGEST,
        "a:1@" + DIGEST, "Registry.Example.com/app", "bollard-test/busybox"})
    void dockersReferencesAreTaken(String ref) {
        assertTrue(ImageReference.isReference(ref), ref);
        assertEquals(ref, ImageReference.requireNameOrId(ref));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../containers/x", "a/../b", "a___b", "a..b", "UPPER", "a?force=1", "a#b",
        "/abs", "a/", "a//b", "", "a:", "a@sha256:zz"})
    void othersAreRefused(String ref) {
        assertThrows(ApiException.class, () -> ImageReference.requireNameOrId(ref), ref);
        assertThrows(ApiException.class, () -> ImageReference.parse(ref), ref);
    }

    @Test
    void idsAndIdPrefixesAreNames() {
        assertEquals("sha256:" + "0f".repeat(32), ImageReference.requireNameOrId("sha256:" + "0f".repeat(32)));
        assertEquals("0f0f0f", ImageReference.requireNameOrId("0f0f0f"));
    }

    @Test
    void longInputIsRefusedWithoutExhaustingTheStack() throws Exception {
        String hostile = "a-".repeat(5000) + "!";
        // A small stack, as the image's -Xss512k threads have.
        Thread t = new Thread(null, () -> {
            assertThrows(ApiException.class, () -> ImageReference.parse(hostile));
            assertThrows(ApiException.class, () -> ImageReference.requireNameOrId(hostile.substring(0, 1000)));
            assertThrows(ApiException.class, () -> ImageReference.requireNameOrId("a-".repeat(250) + "!"));
        }, "small-stack", 256 * 1024);
        Throwable[] failure = new Throwable[1];
        t.setUncaughtExceptionHandler((th, e) -> failure[0] = e);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
    }

    @Test
    void aReferenceSplitsAsThePullApiWantsIt() {
        assertEquals(new ImageReference("localhost:5000/a/b", "tag"), ImageReference.parse("localhost:5000/a/b:tag"));
        assertEquals(new ImageReference("localhost:5000/a", "latest"), ImageReference.parse("localhost:5000/a"));
        assertEquals(new ImageReference("a", DIGEST), ImageReference.parse("a@" + DIGEST));
    }
}
