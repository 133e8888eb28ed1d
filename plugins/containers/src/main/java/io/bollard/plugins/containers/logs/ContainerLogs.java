package io.bollard.plugins.containers.logs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerEndpoint;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.plugin.stream.DockerStreams;
import io.bollard.plugins.containers.ContainersPlugin;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;

import java.time.Duration;
import java.util.List;

/**
 * Reads a container's log from Docker as batches of whole lines: straight from Docker's unix socket in large reads
 * ({@link SocketLogReader}) when Docker is reached over one, otherwise through docker-java, a batch per frame.
 */
@Singleton
@RequiresPlugin(ContainersPlugin.ID)
public class ContainerLogs {

    /** Stream kind for {@link ActiveStreams}. */
    public static final String STREAM_KIND = "logs";

    /** Through docker-java, at most this many Docker frames go into one batch. */
    static final int BATCH_FRAMES = 1024;

    /** Through docker-java, a frame waits at most this long for others to share its batch. */
    static final Duration BATCH_WAIT = Duration.ofMillis(20);

    private final DockerClient docker;
    private final ActiveStreams streams;
    private final SocketLogReader socketReader;

    /**
     * @param docker   the Docker client
     * @param streams  open stream counter
     * @param endpoint where Docker is
     */
    public ContainerLogs(DockerClient docker, ActiveStreams streams, DockerEndpoint endpoint) {
        this.docker = docker;
        this.streams = streams;
        this.socketReader = endpoint.unixSocket().map(socket -> new SocketLogReader(socket, endpoint.timer()))
                .orElse(null);
    }

    /**
     * Streams the log. With {@code follow} it goes on until the subscriber cancels or the container stops.
     *
     * <p>Each batch is what arrived together: a socket read's lines (at most {@link SocketLogReader#MAX_BATCH_LINES}),
     * or through docker-java one frame's. Batches, not lines, are what a subscriber's demand counts.
     *
     * @param fullId       the container's full id, already checked to be visible
     * @param query        what to read
     * @param needTimes    ask Docker for timestamps even when the caller did not (NDJSON shows them)
     * @return batches of lines; empty batches are left out
     */
    public Flux<List<LogLine>> lines(String fullId, LogQuery query, boolean needTimes) {
        boolean timestamped = query.timestamps() || needTimes;
        if (socketReader != null) {
            return socketReader.lines(fullId, query, timestamped, () -> streams.open(STREAM_KIND));
        }
        return Flux.defer(() -> {
            LogLineAssembler assembler = new LogLineAssembler(timestamped);
            Flux<List<LogLine>> frames = DockerStreams.<Frame>flux(streams, STREAM_KIND, cb -> command(fullId, query,
                            timestamped).exec(cb))
                    .map(assembler::accept);
            return frames.concatWith(Flux.defer(() -> Flux.just(assembler.finish())))
                    .filter(batch -> !batch.isEmpty());
        });
    }

    /**
     * Streams the log as batches to be written one chunk each: {@link #lines}, with docker-java's one-line frames
     * gathered (up to {@link #BATCH_FRAMES} that arrive within {@link #BATCH_WAIT}), since a chunk a line would
     * cost an HTTP chunk and a write a line.
     *
     * @param fullId    the container's full id, already checked to be visible
     * @param query     what to read
     * @param needTimes ask Docker for timestamps even when the caller did not
     * @return batches of lines
     */
    public Flux<List<LogLine>> chunks(String fullId, LogQuery query, boolean needTimes) {
        Flux<List<LogLine>> lines = lines(fullId, query, needTimes);
        if (socketReader != null) {
            return lines;
        }
        return lines.bufferTimeout(BATCH_FRAMES, BATCH_WAIT, true)
                .map(batches -> batches.size() == 1 ? batches.get(0)
                        : batches.stream().flatMap(List::stream).toList());
    }

    private LogContainerCmd command(String fullId, LogQuery query, boolean timestamped) {
        LogContainerCmd cmd = docker.logContainerCmd(fullId)
                .withStdOut(query.stdout())
                .withStdErr(query.stderr())
                .withTimestamps(timestamped)
                .withFollowStream(query.follow());
        if (query.tail() != null) {
            cmd.withTail(query.tail());
        } else {
            cmd.withTailAll();
        }
        if (query.since() != null) {
            cmd.withSince(query.since());
        }
        if (query.until() != null) {
            cmd.withUntil(query.until());
        }
        return cmd;
    }
}
