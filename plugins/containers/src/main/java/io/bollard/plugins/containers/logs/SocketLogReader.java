package io.bollard.plugins.containers.logs;

import io.bollard.plugin.docker.DockerEndpoint;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.docker.DockerSocketGet;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.plugin.stream.DemandGate;
import io.micronaut.http.HttpStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Reads a container's log straight from Docker's unix socket, in large reads, as batches of whole lines.
 *
 * <p>Why not through docker-java: Docker writes a log one line at a time (a chunk and a socket write a line), and
 * a reader that keeps up wakes for every line; docker-java's transport then also reads each chunk and frame on
 * its own. Reading a whole log cost the agent about 2.7 s of CPU per 100 MiB that way, on the same cores Docker
 * needs to produce it. Here each read takes up to {@link #READ_BYTES}, and after a read that found little, the
 * reader waits {@link #CATCH_UP_PAUSE_NANOS} so that the next read finds many lines: a read then costs one wake-up
 * for dozens of lines. Docker's socket buffer holds a few pauses' worth of lines, so Docker is not held up (read
 * by a bare loop, the engine's own CPU per 100 MiB went down with the pause, 9.1 s to 7.8 s); a followed log's
 * quiet line still arrives within the pause.
 */
final class SocketLogReader {

    /** The most one socket read takes. */
    static final int READ_BYTES = 64 * 1024;

    /** A stream starts with reads this large and grows them when one fills: a quiet follow stays small. */
    static final int FIRST_READ_BYTES = 8 * 1024;

    /** A read shorter than this means the reader has caught up with Docker. */
    static final int CAUGHT_UP_BYTES = 16 * 1024;

    /** The most lines in one batch (as many as the docker-java path puts in one). */
    static final int MAX_BATCH_LINES = 1024;

    /** How long the reader lets Docker's lines gather after it caught up. */
    static final long CATCH_UP_PAUSE_NANOS = 500_000L;

    private final Path socket;
    private final DockerEndpoint.CallTimer timer;

    /**
     * @param socket Docker's unix socket
     * @param timer  records each call, as docker-java's calls are for {@code /metrics}
     */
    SocketLogReader(Path socket, DockerEndpoint.CallTimer timer) {
        this.socket = socket;
        this.timer = timer;
    }

    /**
     * Streams the log when subscribed; closes the connection to Docker when the subscriber cancels.
     *
     * @param fullId      the container's full id
     * @param query       what to read
     * @param timestamped whether to ask Docker for timestamps
     * @param handle      the open-stream count to release at the end
     * @return batches of lines, none empty
     */
    Flux<List<LogLine>> lines(String fullId, LogQuery query, boolean timestamped,
                              Supplier<ActiveStreams.Handle> handle) {
        return Flux.create(sink -> {
            Reading reading = new Reading(sink, handle.get(), path(fullId, query, timestamped), timestamped);
            sink.onRequest(n -> reading.gate.wake());
            sink.onDispose(reading::close);
            // A platform thread: a virtual one parks and unparks through the JDK's poller at every read that
            // waits, which cost 0.9 s more CPU per 100 MiB (a bare reader: 2.0 s instead of 1.1 s).
            try {
                Thread.ofPlatform().daemon()
                        .name("docker-logs-" + fullId.substring(0, Math.min(12, fullId.length())))
                        .start(reading);
            } catch (RuntimeException | OutOfMemoryError e) {
                // No thread to be had: release the stream's count and say so.
                reading.close();
                sink.error(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                        "The agent cannot open another log stream now"));
            }
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /**
     * The log's path and query, as docker-java would ask (no API version: the engine's own).
     *
     * @param fullId      the container
     * @param query       what to read
     * @param timestamped with timestamps
     * @return the path with its query
     */
    static String path(String fullId, LogQuery query, boolean timestamped) {
        StringBuilder q = new StringBuilder("/containers/").append(fullId).append("/logs?stdout=")
                .append(query.stdout()).append("&stderr=").append(query.stderr())
                .append("&timestamps=").append(timestamped).append("&follow=").append(query.follow())
                .append("&tail=").append(query.tail() == null ? "all" : query.tail().toString());
        if (query.since() != null) {
            q.append("&since=").append(query.since());
        }
        if (query.until() != null) {
            q.append("&until=").append(query.until());
        }
        return q.toString();
    }

    /** Unwinds the decoder when the subscriber left while a batch waited. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** One stream's reading loop, on its own thread. */
    private final class Reading implements Runnable {
        private final FluxSink<List<LogLine>> sink;
        private final ActiveStreams.Handle handle;
        private final String path;
        private final LogLineAssembler assembler;
        private final DemandGate gate;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile SocketChannel channel;
        private List<LogLine> batch = new ArrayList<>();

        Reading(FluxSink<List<LogLine>> sink, ActiveStreams.Handle handle, String path, boolean timestamped) {
            this.sink = sink;
            this.handle = handle;
            this.path = path;
            this.assembler = new LogLineAssembler(timestamped);
            this.gate = new DemandGate(sink);
        }

        @Override
        public void run() {
            DockerLogDecoder decoder = new DockerLogDecoder((stream, frameStart, data, offset, length) -> {
                if (frameStart) {
                    assembler.frameStarts(stream);
                }
                assembler.accept(stream, data, offset, length, batch);
                // A read of short lines can make tens of thousands: hand them on in bounded batches.
                if (batch.size() >= MAX_BATCH_LINES && !emit()) {
                    throw new Stopped();
                }
            });
            long started = System.nanoTime();
            boolean timed = false;
            if (closed.get()) {
                return;
            }
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                channel = ch;
                if (closed.get()) {
                    return;
                }
                ch.write(ByteBuffer.wrap(DockerSocketGet.request(path)));
                ByteBuffer buffer = ByteBuffer.allocate(FIRST_READ_BYTES);
                while (!closed.get()) {
                    buffer.clear();
                    int read = ch.read(buffer);
                    if (read < 0) {
                        break;
                    }
                    boolean full = read == buffer.capacity();
                    buffer.flip();
                    decoder.decode(buffer);
                    if (!timed && decoder.headRead()) {
                        timer.record("GET", path, decoder.status(), System.nanoTime() - started);
                        timed = true;
                    }
                    if (decoder.finished()) {
                        break;
                    }
                    // Every read's lines go out before the next read, which may wait for Docker's next line.
                    if (!batch.isEmpty() && !emit()) {
                        return;
                    }
                    if (full && buffer.capacity() < READ_BYTES) {
                        buffer = ByteBuffer.allocate(buffer.capacity() * 2);
                    } else if (read < CAUGHT_UP_BYTES) {
                        LockSupport.parkNanos(CATCH_UP_PAUSE_NANOS);
                    }
                }
                if (closed.get()) {
                    return;
                }
                if (!decoder.headRead()) {
                    throw new IOException("Docker closed the connection before it answered");
                }
                if (decoder.status() < 200 || decoder.status() >= 300) {
                    end(DockerSocketGet.failure(decoder.status(), decoder.errorBody()));
                    return;
                }
                if (!decoder.finished() && decoder.delimited()) {
                    // Docker went away in the middle (a restart, a crash): not the log's end, so not a clean one.
                    end(new ApiException(HttpStatus.BAD_GATEWAY, "docker_error",
                            "Docker ended the log stream before its end"));
                    return;
                }
                batch.addAll(assembler.finish());
                if (!batch.isEmpty() && !emit()) {
                    return;
                }
                end(null);
            } catch (Stopped stopped) {
                // The subscriber went away while a batch waited.
            } catch (IOException e) {
                if (!timed && !closed.get()) {
                    timer.record("GET", path, 0, System.nanoTime() - started);
                }
                end(DockerErrors.map(e));
            } catch (DockerLogDecoder.DecodingException e) {
                if (!timed) {
                    timer.record("GET", path, 0, System.nanoTime() - started);
                }
                end(new ApiException(HttpStatus.BAD_GATEWAY, "docker_error", e.getMessage()));
            } catch (RuntimeException | Error e) {
                end(DockerErrors.map(e));
                if (e instanceof Error error) {
                    throw error;
                }
            } finally {
                close();
            }
        }

        /**
         * Releases the stream, then tells the subscriber how it ended (unless it left), so that whoever sees the
         * end also sees the stream closed.
         */
        private void end(Throwable failure) {
            boolean abandoned = closed.get();
            close();
            if (abandoned) {
                return;
            }
            if (failure == null) {
                sink.complete();
            } else {
                sink.error(failure);
            }
        }

        /** Hands the batch on once the subscriber wants it; false when the subscriber went away meanwhile. */
        private boolean emit() {
            try {
                if (!gate.await(closed::get)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                end(new ApiException(HttpStatus.BAD_GATEWAY, "docker_error", "The log stream was interrupted"));
                return false;
            }
            sink.next(batch);
            batch = new ArrayList<>();
            return true;
        }

        void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            gate.wake();
            handle.close();
            SocketChannel ch = channel;
            if (ch != null) {
                try {
                    // Unblocks a read in progress; Docker ends the stream when its connection goes.
                    ch.close();
                } catch (IOException ignored) {
                    // Closing an abandoned stream; nothing to tell anyone.
                }
            }
        }
    }
}
