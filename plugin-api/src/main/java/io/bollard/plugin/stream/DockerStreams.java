package io.bollard.plugin.stream;

import com.github.dockerjava.api.async.ResultCallback;
import io.bollard.plugin.docker.DockerErrors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.io.Closeable;
import java.io.IOException;
import java.util.function.Consumer;

/**
 * Turns a docker-java streaming call into a {@link Flux} that respects back-pressure and closes the Docker stream
 * as soon as the subscriber cancels (the HTTP client went away) or the stream ends.
 */
public final class DockerStreams {

    private DockerStreams() {
    }

    /**
     * Starts a Docker stream when subscribed.
     *
     * @param streams counter of open streams
     * @param kind    the kind to count it under
     * @param start   starts the docker-java call with the given callback, for example
     *                {@code cb -> docker.logContainerCmd(id).exec(cb)}
     * @param <T>     item type
     * @return the publisher
     */
    public static <T> Flux<T> flux(ActiveStreams streams, String kind, Consumer<ResultCallback<T>> start) {
        return Flux.create(sink -> {
            BackPressuredCallback<T> callback = new BackPressuredCallback<>(sink, streams.open(kind));
            sink.onRequest(n -> callback.wake());
            sink.onDispose(callback::closeQuietly);
            try {
                start.accept(callback);
            } catch (RuntimeException e) {
                callback.onError(e);
            }
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /**
     * Passes Docker's items on, and holds docker-java's reader thread while the subscriber wants nothing, so the
     * socket (not the heap) buffers a slow client.
     */
    private static final class BackPressuredCallback<T> extends ResultCallback.Adapter<T> {
        private final FluxSink<T> sink;
        private final ActiveStreams.Handle handle;
        private final DemandGate gate;
        private volatile boolean done;

        BackPressuredCallback(FluxSink<T> sink, ActiveStreams.Handle handle) {
            this.sink = sink;
            this.handle = handle;
            this.gate = new DemandGate(sink);
        }

        @Override
        public void onStart(Closeable stream) {
            super.onStart(stream);
            if (done) {
                closeQuietly();
            }
        }

        @Override
        public void onNext(T item) {
            try {
                if (gate.await(() -> done)) {
                    sink.next(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly();
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (!done) {
                sink.error(DockerErrors.map(failure));
            }
            closeQuietly();
        }

        @Override
        public void onComplete() {
            if (!done) {
                sink.complete();
            }
            closeQuietly();
        }

        void wake() {
            gate.wake();
        }

        void closeQuietly() {
            done = true;
            wake();
            handle.close();
            try {
                super.close();
            } catch (IOException | RuntimeException ignored) {
                // The stream is being abandoned; a failure to close it cleanly changes nothing for the caller.
            }
        }
    }
}
