package io.bollard.plugins.containers.stats;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StatsCalculatorTest {

    /** A cgroup v2 sample as Docker 20.10 sends it (trimmed). */
    private static final String SAMPLE = """
            {"read":"2026-11-23T16:00:01Z","preread":"2026-11-23T16:00:00Z",
             "cpu_stats":{"cpu_usage":{"total_usage":3000000000},"system_cpu_usage":20000000000,"online_cpus":2},
             "precpu_stats":{"cpu_usage":{"total_usage":2000000000},"system_cpu_usage":18000000000,"online_cpus":2},
             "memory_stats":{"usage":104857600,"limit":209715200,"stats":{"inactive_file":4857600}},
             "networks":{"eth0":{"rx_bytes":1000,"tx_bytes":2000},"eth1":{"rx_bytes":10,"tx_bytes":20}},
             "blkio_stats":{"io_service_bytes_recursive":[{"major":8,"minor":0,"op":"read","value":4096},
               {"major":8,"minor":0,"op":"write","value":8192},{"major":8,"minor":16,"op":"Read","value":4}]}}
            """;

    @Test
    void computesAsTheDockerCliDoes() throws Exception {
        Statistics stats = new ObjectMapper().readValue(SAMPLE, Statistics.class);
        StatsSample s = StatsCalculator.sample(stats);
        // 1e9 of 2e9 system nanoseconds, times 2 CPUs.
        assertEquals(100.0, s.cpuPercent());
        assertEquals(100_000_000L, s.memoryUsage());
        assertEquals(209_715_200L, s.memoryLimit());
        assertEquals(47.68, s.memoryPercent());
        assertEquals(1010, s.networkRx());
        assertEquals(2020, s.networkTx());
        assertEquals(4100, s.blockRead());
        assertEquals(8192, s.blockWrite());
    }

    @Test
    void emptyStatisticsAreZeros() {
        StatsSample s = StatsCalculator.sample(new Statistics());
        assertEquals(new StatsSample(0, 0, 0, 0, 0, 0, 0, 0), s);
    }
}
