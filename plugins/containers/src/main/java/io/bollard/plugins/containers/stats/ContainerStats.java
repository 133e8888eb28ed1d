package io.bollard.plugins.containers.stats;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Statistics;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.bollard.plugin.docker.VisibleContainers;
import io.bollard.plugin.error.ApiException;
import io.bollard.plugin.stream.ActiveStreams;
import io.bollard.plugin.stream.DockerStreams;
import io.bollard.plugins.containers.ContainersPlugin;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import reactor.core.publisher.Flux;

import java.time.Duration;

/**
 * Reads container statistics from Docker: one sample, or a live stream of them.
 */
@Singleton
@RequiresPlugin(ContainersPlugin.ID)
public class ContainerStats {

    /** Stream kind for {@link ActiveStreams}. */
    public static final String STREAM_KIND = "stats";

    private final DockerClient docker;
    private final VisibleContainers containers;
    private final ActiveStreams streams;

    /**
     * @param docker     the Docker client
     * @param containers the visible containers
     * @param streams    open stream counter
     */
    public ContainerStats(DockerClient docker, VisibleContainers containers, ActiveStreams streams) {
        this.docker = docker;
        this.containers = containers;
        this.streams = streams;
    }

    /**
     * One sample. Docker takes two readings about a second apart, so CPU use is measured, not guessed.
     *
     * @param reference full id, id prefix or name
     * @return the sample
     */
    public StatsSample once(String reference) {
        String id = containers.resolveId(reference);
        Statistics first = DockerStreams.<Statistics>flux(streams, STREAM_KIND,
                        cb -> docker.statsCmd(id).withNoStream(true).exec(cb))
                .next()
                .blockOptional(Duration.ofSeconds(30))
                .orElseThrow(() -> new ApiException(HttpStatus.BAD_GATEWAY, "docker_error",
                        "Docker sent no statistics for " + reference));
        return StatsCalculator.sample(first);
    }

    /**
     * A sample about every second until the subscriber cancels or the container goes away.
     *
     * @param fullId the container's full id, already checked to be visible
     * @return the samples
     */
    public Flux<StatsSample> follow(String fullId) {
        return DockerStreams.<Statistics>flux(streams, STREAM_KIND, cb -> docker.statsCmd(fullId).exec(cb))
                .map(StatsCalculator::sample)
                .onErrorMap(e -> DockerErrors.map(e));
    }
}
