package io.bollard.plugins.host;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Info;
import com.github.dockerjava.api.model.SwarmInfo;
import com.github.dockerjava.api.model.Version;
import io.bollard.plugin.AgentIdentity;
import io.bollard.plugin.RequiresPlugin;
import io.bollard.plugin.docker.DockerErrors;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * {@code GET /agent/host/info} and {@code GET /agent/host/stats}.
 */
@Controller(HostPlugin.ROUTE_PREFIX)
@RequiresPlugin(HostPlugin.ID)
@ExecuteOn(TaskExecutors.BLOCKING)
public class HostController {

    /** How long one stats sample measures CPU use. */
    static final long CPU_SAMPLE_MILLIS = 500;

    private final DockerClient docker;
    private final AgentIdentity identity;
    private final HostMetrics metrics;

    /**
     * @param docker   the Docker client
     * @param identity the agent's id and version
     * @param metrics  the host metrics reader
     */
    public HostController(DockerClient docker, AgentIdentity identity, HostMetrics metrics) {
        this.docker = docker;
        this.identity = identity;
        this.metrics = metrics;
    }

    /**
     * The host's facts, from Docker.
     *
     * @return the facts
     */
    @Get("/info")
    public HostInfo info() {
        Info info;
        Version version;
        try {
            info = docker.infoCmd().exec();
            version = docker.versionCmd().exec();
        } catch (RuntimeException e) {
            throw DockerErrors.map(e);
        }
        SwarmInfo swarm = info.getSwarm();
        boolean inSwarm = swarm != null && swarm.getNodeID() != null && !swarm.getNodeID().isEmpty();
        String role = !inSwarm ? null : Boolean.TRUE.equals(swarm.getControlAvailable()) ? "manager" : "worker";
        return new HostInfo(info.getName(), info.getOperatingSystem(), info.getKernelVersion(),
                info.getArchitecture(), info.getNCPU() == null ? 0 : info.getNCPU(),
                info.getMemTotal() == null ? 0 : info.getMemTotal(), version.getVersion(), version.getApiVersion(),
                info.getDriver(), info.getDockerRootDir(), info.getId(), inSwarm ? swarm.getNodeID() : null, role,
                identity.version(), identity.id());
    }

    /**
     * One sample of the host's resource use; CPU use is measured over half a second.
     *
     * @return the sample
     * @throws InterruptedException when the request is cancelled
     */
    @Get("/stats")
    public HostStats stats() throws InterruptedException {
        long[] before = metrics.ticks();
        String dockerRoot = metrics.dockerRootDir();
        Thread.sleep(CPU_SAMPLE_MILLIS);
        return metrics.sample(before, dockerRoot);
    }
}
