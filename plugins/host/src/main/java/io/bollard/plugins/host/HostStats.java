package io.bollard.plugins.host;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/**
 * One sample of the host's resource use.
 *
 * @param cpuPercent  CPU use over the sampling interval, 0 to 100 (all CPUs together)
 * @param loadAverage the 1, 5 and 15 minute load averages
 * @param memoryUsed  memory in use, bytes (total minus available)
 * @param memoryTotal memory in all, bytes
 * @param swapUsed    swap in use, bytes
 * @param swapTotal   swap in all, bytes
 * @param disks       used and total space of Docker's data folder and of {@code /}
 * @param uptime      seconds since the host booted
 * @param networkRx   bytes received by all non-loopback interfaces since boot
 * @param networkTx   bytes sent by all non-loopback interfaces since boot
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record HostStats(double cpuPercent, List<Double> loadAverage, long memoryUsed, long memoryTotal,
                        long swapUsed, long swapTotal, List<Disk> disks, long uptime, long networkRx,
                        long networkTx) {

    /**
     * The space of one file system.
     *
     * @param path  what was measured: {@code docker_root} ({@code Docker's data folder}) or {@code /}
     * @param mount the folder as this agent sees it
     * @param used  bytes used
     * @param total bytes in all
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Disk(String path, String mount, @Nullable Long used, @Nullable Long total) {
    }
}
