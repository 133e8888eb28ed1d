package io.bollard.plugins.host;

import com.github.dockerjava.api.DockerClient;
import io.bollard.plugin.RequiresPlugin;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.util.GlobalConfig;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the host's resource use with OSHI. CPU use is measured between two readings of the CPU tick counters, so
 * a sample needs the previous reading: {@link #sample(long[], String)} takes it and {@link #ticks()} makes one.
 */
@Singleton
@RequiresPlugin(HostPlugin.ID)
public class HostMetrics {

    private final HardwareAbstractionLayer hardware;
    private final SystemInfo system;
    private final DockerClient docker;

    /**
     * @param procPath where the host's {@code /proc} is mounted, when it is not {@code /proc}
     * @param docker   the Docker client, for its data folder
     */
    public HostMetrics(@Nullable @Property(name = HostPlugin.PROC_PATH) String procPath, DockerClient docker) {
        this.docker = docker;
        if (procPath != null && !procPath.isBlank()) {
            // Must be set before OSHI first reads /proc.
            GlobalConfig.set("oshi.util.proc.path", procPath);
        }
        this.system = new SystemInfo();
        this.hardware = system.getHardware();
    }

    /**
     * Docker's data folder, whose disk use the samples report.
     *
     * @return the folder, or null while Docker does not answer (host figures do not need Docker)
     */
    @Nullable
    public String dockerRootDir() {
        try {
            return docker.infoCmd().exec().getDockerRootDir();
        } catch (RuntimeException dockerAway) {
            return null;
        }
    }

    /**
     * The CPU tick counters now.
     *
     * @return the counters
     */
    public long[] ticks() {
        return hardware.getProcessor().getSystemCpuLoadTicks();
    }

    /**
     * A sample, with CPU use measured since the given reading.
     *
     * @param previousTicks an earlier {@link #ticks()}
     * @param dockerRootDir Docker's data folder, or null when unknown
     * @return the sample
     */
    public HostStats sample(long[] previousTicks, @Nullable String dockerRootDir) {
        CentralProcessor cpu = hardware.getProcessor();
        double cpuPercent = Math.round(cpu.getSystemCpuLoadBetweenTicks(previousTicks) * 10_000.0) / 100.0;
        double[] load = cpu.getSystemLoadAverage(3);
        GlobalMemory memory = hardware.getMemory();
        long swapTotal = memory.getVirtualMemory().getSwapTotal();
        long swapUsed = memory.getVirtualMemory().getSwapUsed();
        long rx = 0;
        long tx = 0;
        for (NetworkIF nif : hardware.getNetworkIFs(false)) {
            if (!nif.getName().equals("lo")) {
                nif.updateAttributes();
                rx += nif.getBytesRecv();
                tx += nif.getBytesSent();
            }
        }
        List<HostStats.Disk> disks = new ArrayList<>();
        if (dockerRootDir != null) {
            disks.add(disk("docker_root", dockerRootDir));
        }
        disks.add(disk("/", "/"));
        return new HostStats(Math.max(0, cpuPercent), Arrays.stream(load)
                        // Two decimals, as /proc/loadavg has them (getloadavg's doubles carry float noise).
                        .map(l -> l < 0 ? 0 : Math.round(l * 100) / 100.0).boxed().toList(),
                memory.getTotal() - memory.getAvailable(), memory.getTotal(), swapUsed, swapTotal, disks,
                system.getOperatingSystem().getSystemUptime(), rx, tx);
    }

    private static HostStats.Disk disk(String name, String folder) {
        try {
            FileStore store = Files.getFileStore(Path.of(folder));
            long total = store.getTotalSpace();
            return new HostStats.Disk(name, folder, total - store.getUnallocatedSpace(), total);
        } catch (IOException | SecurityException e) {
            // Not visible from here (an agent in a container without that folder mounted).
            return new HostStats.Disk(name, folder, null, null);
        }
    }
}
