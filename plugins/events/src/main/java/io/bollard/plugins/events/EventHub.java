package io.bollard.plugins.events;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.EventsCmd;
import com.github.dockerjava.api.model.Event;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.plugin.stream.DockerStreams;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.io.Closeable;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream Docker event stream shared by every live follower.
 *
 * <p>The upstream opens with the first follower and closes after the last. When Docker goes away, followers get
 * {@code {type:"agent", action:"docker-disconnected"}}, keep their connection, and, once Docker answers again, get
 * {@code docker-reconnected}; the upstream resumes from the last event's time, so events in between are not lost.
 * Each follower has a bounded buffer: one that does not keep up loses its oldest events, not the agent's memory.
 */
@Singleton
@RequiresPlugin(EventsPlugin.ID)
public class EventHub {

    /** Stream kind for {@link ActiveStreams}. */
    public static final String STREAM_KIND = "events";

    /** Events one slow follower may have waiting. */
    static final int FOLLOWER_BUFFER = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final long RETRY_MIN_MILLIS = 250;
    private static final long RETRY_MAX_MILLIS = 5_000;

    private final DockerClient docker;
    private final EventVisibility visibility;
    private final ActiveStreams streams;
    private final Sinks.Many<AgentEvent> sink = Sinks.many().multicast().directBestEffort();
    private final AtomicInteger followers = new AtomicInteger();
    private final Object lock = new Object();
    private Thread upstream;
    private volatile Closeable current;
    private volatile boolean closed;

    /**
     * @param docker     the Docker client
     * @param visibility the label filter's view of events
     * @param streams    open stream counter
     */
    public EventHub(DockerClient docker, EventVisibility visibility, ActiveStreams streams) {
        this.docker = docker;
        this.visibility = visibility;
        this.streams = streams;
    }

    /**
     * The live events, from now on, for one follower.
     *
     * @return the events; cancel to stop following
     */
    public Flux<AgentEvent> follow() {
        return sink.asFlux()
                .onBackpressureBuffer(FOLLOWER_BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST)
                .doOnSubscribe(s -> joined())
                .doFinally(signal -> left());
    }

    /** @return how many followers share the upstream now */
    public int followers() {
        return followers.get();
    }

    private void joined() {
        followers.incrementAndGet();
        synchronized (lock) {
            if (upstream == null && !closed) {
                upstream = Thread.ofVirtual().name("docker-events").start(this::pump);
            }
        }
    }

    /**
     * Events between two times, or from a time on, for one follower: a Docker stream of its own, since the shared
     * one only carries what happens from now on.
     *
     * @param since epoch seconds, or null
     * @param until epoch seconds, or null to follow on after the past events
     * @return the events
     */
    public Flux<AgentEvent> range(Integer since, Integer until) {
        return DockerStreams.<Event>flux(streams, STREAM_KIND, cb -> {
                    EventsCmd cmd = docker.eventsCmd();
                    if (since != null) {
                        cmd.withSince(String.valueOf(since));
                    }
                    if (until != null) {
                        cmd.withUntil(String.valueOf(until));
                    }
                    cmd.exec(cb);
                })
                .mapNotNull(event -> {
                    AgentEvent converted = EventConverter.convert(event);
                    return visibility.allows(event, converted) ? converted : null;
                })
                .onBackpressureBuffer(FOLLOWER_BUFFER, dropped -> { }, BufferOverflowStrategy.DROP_OLDEST);
    }

    private void left() {
        if (followers.decrementAndGet() == 0) {
            closeCurrent();
        }
    }

    /** Runs the upstream, and hands over to a new one if a follower joined while it was ending. */
    private void pump() {
        try {
            pumpWhileFollowed();
        } finally {
            synchronized (lock) {
                upstream = null;
                if (!closed && followers.get() > 0) {
                    upstream = Thread.ofVirtual().name("docker-events").start(this::pump);
                }
            }
        }
    }

    /** Keeps one Docker event stream open while anyone follows, reconnecting when Docker comes back. */
    private void pumpWhileFollowed() {
        String since = null;
        long lastNano = 0;
        Set<String> seenAtLast = new HashSet<>();
        boolean connected = true;
        long retry = RETRY_MIN_MILLIS;
        while (!closed && followers.get() > 0) {
            try {
                docker.pingCmd().exec();
            } catch (RuntimeException down) {
                if (connected) {
                    connected = false;
                    emit(EventConverter.notice("docker-disconnected"));
                    LOG.warn("Docker is not reachable; events resume when it answers");
                }
                sleep(retry);
                retry = Math.min(retry * 2, RETRY_MAX_MILLIS);
                continue;
            }
            if (!connected) {
                connected = true;
                emit(EventConverter.notice("docker-reconnected"));
                LOG.info("Docker answers again; events resume");
            }
            retry = RETRY_MIN_MILLIS;
            long[] last = {lastNano};
            Set<String> seen = seenAtLast;
            try (ActiveStreams.Handle handle = streams.open(STREAM_KIND)) {
                EventsCmd cmd = docker.eventsCmd();
                if (since != null) {
                    cmd.withSince(since);
                }
                ResultCallback.Adapter<Event> callback = cmd.exec(new ResultCallback.Adapter<>() {
                    @Override
                    public void onNext(Event event) {
                        AgentEvent converted = EventConverter.convert(event);
                        String key = converted.type() + "/" + converted.action() + "/" + converted.id();
                        // Resuming with since repeats the events of the last instant: skip those already sent.
                        if (converted.timeNano() < last[0]
                                || converted.timeNano() == last[0] && !seen.add(key)) {
                            return;
                        }
                        if (converted.timeNano() > last[0]) {
                            last[0] = converted.timeNano();
                            seen.clear();
                            seen.add(key);
                        }
                        if (visibility.allows(event, converted)) {
                            emit(converted);
                        }
                    }
                });
                current = callback;
                if (followers.get() == 0 || closed) {
                    callback.close();
                }
                callback.awaitCompletion();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException streamEnded) {
                // Docker went away mid-stream; the ping above tells.
            } finally {
                current = null;
            }
            lastNano = last[0];
            if (lastNano > 0) {
                since = (lastNano / 1_000_000_000L) + "." + String.format("%09d", lastNano % 1_000_000_000L);
            } else {
                since = String.valueOf(System.currentTimeMillis() / 1000);
            }
        }
    }

    private void emit(AgentEvent event) {
        // Only the pump thread emits, so emissions never race.
        sink.tryEmitNext(event);
    }

    private void closeCurrent() {
        Closeable c = current;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Closing a stream nobody reads; nothing to report.
            }
        }
    }

    /** Ends the upstream when the agent stops. */
    @PreDestroy
    public void close() {
        closed = true;
        closeCurrent();
        sink.tryEmitComplete();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
