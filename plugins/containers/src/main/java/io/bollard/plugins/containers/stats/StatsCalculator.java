package io.bollard.plugins.containers.stats;

import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.BlkioStatsConfig;
import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.StatisticNetworksConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;

import java.util.List;
import java.util.Map;

/**
 * Computes a {@link StatsSample} from Docker's raw statistics, the way the Docker CLI does.
 */
public final class StatsCalculator {

    private StatsCalculator() {
    }

    /**
     * @param s Docker's statistics, with the previous CPU reading in {@code precpu_stats}
     * @return the sample
     */
    public static StatsSample sample(Statistics s) {
        long memUsage = memoryUsage(s.getMemoryStats());
        long memLimit = s.getMemoryStats() == null ? 0 : value(s.getMemoryStats().getLimit());
        double memPercent = memLimit > 0 ? round(100.0 * memUsage / memLimit) : 0.0;
        long rx = 0;
        long tx = 0;
        Map<String, StatisticNetworksConfig> networks = s.getNetworks();
        if (networks != null) {
            for (StatisticNetworksConfig n : networks.values()) {
                rx += value(n.getRxBytes());
                tx += value(n.getTxBytes());
            }
        }
        return new StatsSample(cpuPercent(s.getCpuStats(), s.getPreCpuStats()), memUsage, memLimit, memPercent,
                rx, tx, blockBytes(s.getBlkioStats(), "read"), blockBytes(s.getBlkioStats(), "write"));
    }

    static double cpuPercent(CpuStatsConfig now, CpuStatsConfig before) {
        if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null) {
            return 0.0;
        }
        long cpuDelta = value(now.getCpuUsage().getTotalUsage()) - value(before.getCpuUsage().getTotalUsage());
        long systemDelta = value(now.getSystemCpuUsage()) - value(before.getSystemCpuUsage());
        long cpus = value(now.getOnlineCpus());
        if (cpus == 0 && now.getCpuUsage().getPercpuUsage() != null) {
            cpus = now.getCpuUsage().getPercpuUsage().size();
        }
        if (cpuDelta <= 0 || systemDelta <= 0) {
            return 0.0;
        }
        return round((double) cpuDelta / systemDelta * Math.max(cpus, 1) * 100.0);
    }

    /** Usage minus the inactive page cache: cgroup v2 reports inactive_file, v1 total_inactive_file. */
    static long memoryUsage(MemoryStatsConfig memory) {
        if (memory == null) {
            return 0;
        }
        long usage = value(memory.getUsage());
        StatsConfig stats = memory.getStats();
        if (stats == null) {
            return usage;
        }
        long cache = stats.getTotalInactiveFile() != null ? stats.getTotalInactiveFile()
                : value(stats.getInactiveFile());
        return cache < usage ? usage - cache : usage;
    }

    private static long blockBytes(BlkioStatsConfig blkio, String op) {
        if (blkio == null) {
            return 0;
        }
        List<BlkioStatEntry> entries = blkio.getIoServiceBytesRecursive();
        if (entries == null) {
            return 0;
        }
        long sum = 0;
        for (BlkioStatEntry e : entries) {
            if (op.equalsIgnoreCase(e.getOp())) {
                sum += value(e.getValue());
            }
        }
        return sum;
    }

    private static long value(Long l) {
        return l == null ? 0 : l;
    }

    private static double round(double d) {
        return Math.round(d * 100.0) / 100.0;
    }
}
