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
 * and writes the verdict line to {@code AGENT_HEALTH_FILE}. The image's health check reads a fresh file instead
 * of starting a second JVM every 30 s (about a second of CPU and 90 MiB each time); a missing or stale file (the
 * agent starting, stopped or stuck) sends it to the JVM probe as before, so the file can only save work, never
 * make a stuck agent look healthy.
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
    private final ScheduledExecutorService probes = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("bollard-health").factory());
    private String url;
    private SSLContext context;
    private Boolean lastHealthy;
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
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        url = (tls == null ? "http" : "https") + "://127.0.0.1:" + event.getSource().getPort() + "/agent/ping";
        probes.scheduleWithFixedDelay(this::probeAndWrite, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    /** One probe and its verdict written; runs on the probe thread only. */
    void probeAndWrite() {
        PingProbe.Verdict verdict = probe();
        if (lastHealthy == null || lastHealthy != verdict.healthy()) {
            if (verdict.healthy()) {
                LOG.info("Health: {}", verdict.line());
            } else {
                LOG.warn("Health: {}", verdict.line());
            }
            lastHealthy = verdict.healthy();
        }
        try {
            AtomicFiles.write(file, "rw-r--r--",
                    out -> out.write((verdict.line() + "\n").getBytes(StandardCharsets.UTF_8)));
            if (writeFailed) {
                LOG.info("Health: {} is written again", file);
                writeFailed = false;
            }
        } catch (IOException | RuntimeException e) {
            if (!writeFailed) {
                LOG.warn("Health: cannot write {} ({}); the image's health check starts a JVM of its own instead",
                        file, e.getMessage());
                writeFailed = true;
            }
        }
    }

    private PingProbe.Verdict probe() {
        if (tls != null && context == null) {
            try {
                context = PingProbe.pinnedContext(tls.certificate(), tls.certificateFile().toString(), clientCert,
                        clientKey);
            } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
                return new PingProbe.Verdict(false, "unhealthy: the probe's client certificate "
                        + clientCert + " cannot be used: " + e.getMessage());
            }
        }
        return PingProbe.call(url, context);
    }

    /** Stops probing and removes the file, so that a stopped agent's last verdict is never read as current. */
    @PreDestroy
    void stop() {
        probes.shutdownNow();
        try {
            probes.awaitTermination(2, TimeUnit.SECONDS);
            Files.deleteIfExists(file);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("Cannot remove {}: {}", file, e.getMessage());
        }
    }
}
