package io.bollard.plugins.containers.logs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.plugin.stream.DockerStreams;
import io.bollard.plugins.containers.ContainersPlugin;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;

import java.util.List;

/**
 * Reads a container's log from Docker as batches of whole lines, one batch per Docker frame.
 */
@Singleton
@RequiresPlugin(ContainersPlugin.ID)
public class ContainerLogs {

    /** Stream kind for {@link ActiveStreams}. */
    public static final String STREAM_KIND = "logs";

    private final DockerClient docker;
    private final ActiveStreams streams;

    /**
     * @param docker  the Docker client
     * @param streams open stream counter
     */
    public ContainerLogs(DockerClient docker, ActiveStreams streams) {
        this.docker = docker;
        this.streams = streams;
    }

    /**
     * Streams the log. With {@code follow} it goes on until the subscriber cancels or the container stops.
     *
     * @param fullId       the container's full id, already checked to be visible
     * @param query        what to read
     * @param needTimes    ask Docker for timestamps even when the caller did not (NDJSON shows them)
     * @return batches of lines; empty batches are left out
     */
    public Flux<List<LogLine>> lines(String fullId, LogQuery query, boolean needTimes) {
        boolean timestamped = query.timestamps() || needTimes;
        return Flux.defer(() -> {
            LogLineAssembler assembler = new LogLineAssembler(timestamped);
            Flux<List<LogLine>> frames = DockerStreams.<Frame>flux(streams, STREAM_KIND, cb -> command(fullId, query,
                            timestamped).exec(cb))
                    .map(assembler::accept);
            return frames.concatWith(Flux.defer(() -> Flux.just(assembler.finish())))
                    .filter(batch -> !batch.isEmpty());
        });
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
