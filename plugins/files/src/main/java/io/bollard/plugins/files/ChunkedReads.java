package io.bollard.plugins.files;

import io.bollard.plugin.stream.DemandGate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Streams an {@link InputStream} as a body of large chunks, read on a thread of its own as fast as the client takes
 * them.
 *
 * <p>Why not Micronaut's {@code StreamedFile}: it reads 8 KiB at a time on the blocking executor and hands every
 * piece to the event loop and back (two thread wake-ups per 8 KiB), which held a download at about 100-160 MiB/s.
 * Here one platform thread reads {@link #CHUNK_BYTES} at a time and writes each chunk to the connection itself.
 */
final class ChunkedReads {

    /** Bytes a chunk holds (the last one fewer); at most a few of them wait in memory per download. */
    static final int CHUNK_BYTES = 256 * 1024;

    private ChunkedReads() {
    }

    /**
     * The stream's bytes in chunks; the stream is closed when they end, fail, or the client goes away.
     *
     * @param pending what to read
     * @param name    the reading thread's name
     * @return the chunks, read once subscribed to
     */
    static Flux<byte[]> of(Pending pending, String name) {
        return Flux.create(sink -> {
            InputStream in = pending.take();
            if (in == null) {
                sink.error(new IOException("the request ended before its body was read"));
                return;
            }
            AtomicBoolean closed = new AtomicBoolean();
            DemandGate gate = new DemandGate(sink);
            Thread reader = Thread.ofPlatform().daemon().name(name).unstarted(() -> read(in, sink, gate, closed));
            sink.onRequest(n -> gate.wake());
            // The reader closes the stream after its current read: closing it here, on the event loop, would race
            // the reader's read (and docker-java's stream, used when Docker is on TCP, reads its rest when closed).
            sink.onDispose(() -> {
                closed.set(true);
                gate.wake();
            });
            reader.start();
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    private static void read(InputStream in, FluxSink<byte[]> sink, DemandGate gate, AtomicBoolean closed) {
        try (in) {
            while (gate.await(closed::get)) {
                byte[] chunk = in.readNBytes(CHUNK_BYTES);
                if (chunk.length > 0) {
                    sink.next(chunk);
                }
                if (chunk.length < CHUNK_BYTES) {
                    sink.complete();
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed.get()) {
                sink.error(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (!closed.get()) {
                sink.error(e);
            }
        }
    }

    /**
     * A stream opened for a response body, until the body takes it. Micronaut drops a response it could not send
     * (the client left first, a HEAD request) without reading its body; {@link #closeUnlessTaken()}, called when
     * the request ends, closes the stream then. The holder exists before the stream is opened, so that a request
     * that ends while the download is being opened has its stream closed as soon as it is handed over.
     */
    static final class Pending {
        private InputStream in;
        private boolean done;

        /** An empty holder, for a stream still to be opened. */
        Pending() {
        }

        /**
         * @param in the opened stream
         */
        Pending(InputStream in) {
            this.in = in;
        }

        /**
         * Hands over the opened stream; closes it at once when the request has ended already.
         *
         * @param stream the opened stream
         */
        void fill(InputStream stream) {
            synchronized (this) {
                if (!done) {
                    in = stream;
                    return;
                }
            }
            close(stream);
        }

        /** The stream, for the body that reads it; null when it was closed already. */
        synchronized InputStream take() {
            InputStream stream = done ? null : in;
            done = true;
            in = null;
            return stream;
        }

        /** Closes the stream unless a body took it (which then closes it). */
        void closeUnlessTaken() {
            InputStream stream;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                stream = in;
                in = null;
            }
            if (stream != null) {
                close(stream);
            }
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // Closing after the end or the client's leaving: nothing more to do.
        }
    }
}
