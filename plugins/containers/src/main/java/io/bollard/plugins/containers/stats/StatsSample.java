package io.bollard.plugins.containers.stats;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * One sample of a container's resource use.
 *
 * @param cpuPercent    CPU use in percent of one CPU (so up to 100 x CPUs), as {@code docker stats} shows it
 * @param memoryUsage   memory in use, in bytes, without the page cache
 * @param memoryLimit   memory limit in bytes (the host's memory when unlimited)
 * @param memoryPercent memory use in percent of the limit
 * @param networkRx     bytes received, over all networks
 * @param networkTx     bytes sent, over all networks
 * @param blockRead     bytes read from block devices
 * @param blockWrite    bytes written to block devices
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record StatsSample(double cpuPercent, long memoryUsage, long memoryLimit, double memoryPercent,
                          long networkRx, long networkTx, long blockRead, long blockWrite) {
}
