package io.bollard.plugins.files;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkedReadsTest {

    @Test
    void bytesArriveWholeInChunksOfTheChunkSize() {
        byte[] data = new byte[ChunkedReads.CHUNK_BYTES * 2 + 1000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251);
        }
        Closing in = new Closing(data);

        List<byte[]> chunks = ChunkedReads.of(new ChunkedReads.Pending(in), "test-read").collectList()
                .block(Duration.ofSeconds(10));

        assertEquals(List.of(ChunkedReads.CHUNK_BYTES, ChunkedReads.CHUNK_BYTES, 1000),
                chunks.stream().map(c -> c.length).toList());
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        chunks.forEach(joined::writeBytes);
        assertArrayEquals(data, joined.toByteArray());
        assertTrue(in.closed.get(), "the stream is closed at its end");
    }

    @Test
    void anEmptyStreamCompletesWithoutChunks() {
        assertEquals(List.of(), ChunkedReads.of(new ChunkedReads.Pending(new Closing(new byte[0])), "test-empty")
                .collectList().block(Duration.ofSeconds(10)));
    }

    @Test
    void nothingIsReadAheadOfTheSubscribersDemand() throws Exception {
        Closing in = new Closing(new byte[ChunkedReads.CHUNK_BYTES * 10]);
        OneChunk client = new OneChunk();
        ChunkedReads.of(new ChunkedReads.Pending(in), "test-demand").subscribe(client);

        assertTrue(client.first.await(10, TimeUnit.SECONDS));
        Thread.sleep(200);
        assertEquals(ChunkedReads.CHUNK_BYTES, in.read.get(), "one chunk asked for, one chunk read");
        client.dispose();
    }

    @Test
    void aClientThatLeavesClosesTheStream() throws Exception {
        Closing in = new Closing(new byte[ChunkedReads.CHUNK_BYTES * 10]);
        OneChunk client = new OneChunk();
        ChunkedReads.of(new ChunkedReads.Pending(in), "test-cancel").subscribe(client);
        assertTrue(client.first.await(10, TimeUnit.SECONDS));

        client.dispose();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!in.closed.get() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(in.closed.get());
    }

    @Test
    void aFailedReadEndsTheBodyWithTheError() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk gone");
            }
        };
        List<Throwable> errors = new CopyOnWriteArrayList<>();

        ChunkedReads.of(new ChunkedReads.Pending(failing), "test-fail").onErrorResume(e -> {
            errors.add(e);
            return reactor.core.publisher.Flux.empty();
        }).blockLast(Duration.ofSeconds(10));

        assertEquals(1, errors.size());
        assertInstanceOf(IOException.class, errors.get(0));
        assertEquals("disk gone", errors.get(0).getMessage());
    }

    @Test
    void aStreamNoBodyTookIsClosedWhenTheRequestEnds() {
        Closing in = new Closing(new byte[10]);
        ChunkedReads.Pending pending = new ChunkedReads.Pending(in);

        pending.closeUnlessTaken();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        ChunkedReads.of(pending, "test-late").doOnError(errors::add).onErrorComplete()
                .blockLast(Duration.ofSeconds(10));

        assertTrue(in.closed.get());
        assertEquals(1, errors.size(), "a body subscribed after the request ended fails");
    }

    @Test
    void aStreamOpenedAfterTheRequestEndedIsClosedWhenHandedOver() {
        ChunkedReads.Pending pending = new ChunkedReads.Pending();
        pending.closeUnlessTaken();
        Closing in = new Closing(new byte[10]);

        pending.fill(in);

        assertTrue(in.closed.get(), "the request had ended while the download was being opened");
        assertEquals(null, pending.take());
    }

    /** A client that asks for one chunk only. */
    private static final class OneChunk extends BaseSubscriber<byte[]> {
        final CountDownLatch first = new CountDownLatch(1);

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            request(1);
        }

        @Override
        protected void hookOnNext(byte[] value) {
            first.countDown();
        }
    }

    /** A stream over bytes that counts what was read and knows whether it was closed. */
    private static final class Closing extends ByteArrayInputStream {
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicLong read = new AtomicLong();

        Closing(byte[] data) {
            super(data);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            if (n > 0) {
                read.addAndGet(n);
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            closed.set(true);
            super.close();
        }
    }
}
