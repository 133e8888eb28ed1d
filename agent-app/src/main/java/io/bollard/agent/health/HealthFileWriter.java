package io.bollard.agent.health;

import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.storage.AtomicFiles;
import io.bollard.agent.tls.TlsMaterial;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static io.bollard.agent.config.AgentConfigurationProperties.HEALTH_CLIENT_CERT;
import static io.bollard.agent.config.AgentConfigurationProperties.HEALTH_CLIENT_KEY;
import static io.bollard.agent.config.AgentConfigurationProperties.HEALTH_FILE;

/**
 * Probes the agent's own listener every {@link #PERIOD_SECONDS} seconds, as the {@code healthcheck} command does,
 * and writes the verdict line to {@code AGENT_HEALTH_FILE}, with a second line naming the writing process
 * ({@code writer PID STARTTIME}, from {@code /proc/self/stat}). The image's health check reads a fresh file of its
 * own agent (the container's PID 1, or PID 1's child under {@code --init}) instead of starting a second JVM every
 * 30 s (about a second of CPU and 90 MiB each time); a missing, stale or foreign file (the agent starting, stopped
 * or stuck, or another agent sharing {@code /dev/shm}) sends it to the JVM probe as before.
 */
@Singleton
@Requires(property = AgentConfigurationProperties.HEALTH_FILE)
public class HealthFileWriter implements ApplicationEventListener<ServerStartupEvent> {

    /**
     * How often the agent probes itself. The image's health check takes a verdict up to 40 s old: two periods and
     * a slow probe. (Every 10 s cost the idle agent 0.4 s of CPU a minute.)
     */
    public static final int PERIOD_SECONDS = 15;

    private static final Logger LOG = LoggerFactory.getLogger(HealthFileWriter.class);

    private final Path file;
    private final TlsMaterial tls;
    private final Path clientCert;
    private final Path clientKey;
    private final String writer;
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("bollard-health").factory());
    private volatile boolean stopping;
    private String url;
    private SSLContext pinnedOnly;
    private String lastLine;
    private boolean writeFailed;

    /**
     * @param file       where the verdict goes
     * @param tls        the listener's certificate and context, when it serves HTTPS
     * @param clientCert the client certificate to present under mTLS, or null
     * @param clientKey  its key, or null
     */
    public HealthFileWriter(@Property(name = HEALTH_FILE) String file, @Nullable TlsMaterial tls,
                            @Nullable @Property(name = HEALTH_CLIENT_CERT) String clientCert,
                            @Nullable @Property(name = HEALTH_CLIENT_KEY) String clientKey) {
        this.file = Path.of(file);
        this.tls = tls;
        this.clientCert = clientCert == null ? null : Path.of(clientCert);
        this.clientKey = clientKey == null ? null : Path.of(clientKey);
        // A verdict a killed run left (on a volume, say) names another writer: the entrypoint does not take it.
        this.writer = writerLine();
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        url = (tls == null ? "http" : "https") + "://127.0.0.1:" + event.getSource().getPort() + "/agent/ping";
        probes.scheduleWithFixedDelay(this::probeAndWrite, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    /** Probes once now and writes the verdict (the probe thread does it every period). */
    public synchronized void probeAndWrite() {
        PingProbe.Verdict verdict = probe();
        if (stopping) {
            // A probe the stop cut short says nothing about the agent.
            return;
        }
        if (!verdict.line().equals(lastLine)) {
            if (verdict.healthy()) {
                LOG.info("Health: {}", verdict.line());
            } else {
                LOG.warn("Health: {}", verdict.line());
            }
            lastLine = verdict.line();
        }
        try {
            AtomicFiles.write(file, "rw-r--r--", out -> out.write((verdict.line().replace('\n', ' ') + "\n"
                    + writer + "\n").getBytes(StandardCharsets.UTF_8)));
            if (writeFailed) {
                LOG.info("Health: {} is written again", file);
                writeFailed = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!writeFailed && !stopping) {
                LOG.warn("Health: cannot write {} ({}); the image's health check starts a JVM of its own instead",
                        file, e);
                writeFailed = true;
            }
        }
    }

    private PingProbe.Verdict probe() {
        SSLContext context = null;
        if (tls != null) {
            try {
                context = context();
            } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
                return new PingProbe.Verdict(false, "unhealthy: the probe's client certificate "
                        + clientCert + " cannot be used: " + e.getMessage());
            }
        }
        PingProbe.Verdict verdict = PingProbe.call(url, context);
        // The refusal of a missing client certificate shows as an alert or, under TLS 1.3, as a failed write.
        if (!verdict.healthy() && tls != null && tls.clientCertificatesRequired() && clientCert == null
                && verdict.line().startsWith("unhealthy: the agent does not answer")) {
            return new PingProbe.Verdict(false, verdict.line() + " (the listener wants a client certificate: set "
                    + "AGENT_HEALTHCHECK_CERT and AGENT_HEALTHCHECK_KEY)");
        }
        return verdict;
    }

    /**
     * The probe's TLS context: the served certificate pinned, made once; with a client certificate, made anew for
     * every probe, so that one renewed in place is used from the next probe on.
     */
    private SSLContext context() throws IOException, java.security.GeneralSecurityException {
        if (clientCert != null && clientKey != null) {
            return PingProbe.pinnedContext(tls.certificate(), tls.certificateFile().toString(), clientCert, clientKey);
        }
        if (pinnedOnly == null) {
            pinnedOnly = PingProbe.pinnedContext(tls.certificate(), tls.certificateFile().toString(), null, null);
        }
        return pinnedOnly;
    }

    /**
     * {@code writer PID STARTTIME}: this process's id and start time in clock ticks (field 22 of
     * {@code /proc/self/stat}), which the image's entrypoint compares with its own PID 1 (or PID 1's child); just
     * {@code writer} where {@code /proc} cannot tell, which no entrypoint accepts.
     */
    static String writerLine() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // The command name, in parentheses, may hold spaces: count fields after its closing one (field 3 on).
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return "writer " + ProcessHandle.current().pid() + " " + fields[19];
        } catch (IOException | RuntimeException e) {
            return "writer";
        }
    }

    /**
     * Stops probing and removes the file, so that a stopped agent's last verdict is never read as current; a file
     * another agent wrote there (sharing {@code /dev/shm}) stays.
     */
    @PreDestroy
    void stop() {
        stopping = true;
        probes.shutdownNow();
        try {
            probes.awaitTermination(2, TimeUnit.SECONDS);
            if (Files.exists(file) && Files.readAllLines(file, StandardCharsets.UTF_8).contains(writer)) {
                Files.deleteIfExists(file);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("Cannot remove {}: {}", file, e.toString());
        }
    }
}
