package io.bollard.agent.edge;

import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.config.EdgeSettings;
import io.bollard.agent.identity.DockerIdentity;
import io.bollard.agent.security.HandshakeTokenValidator;
import io.bollard.agent.security.SecretStore;
import io.bollard.agent.security.TunnelMark;
import io.bollard.agent.storage.AtomicFiles;
import io.bollard.agent.web.AgentInfoController;
import io.bollard.plugin.AgentIdentity;
import io.bollard.plugin.AgentPlugin;
import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Edge mode's connection keeper: once the loopback listener is up, dials the server, keeps one connection open,
 * and after it ends (or fails to open) dials again after a backoff delay, until the agent stops.
 */
@Singleton
@Requires(property = AgentConfigurationProperties.EDGE_SERVER)
public class EdgeTunnel implements ApplicationEventListener<ServerStartupEvent> {

    /** In the data folder: the loopback listener's port, for the healthcheck command. */
    public static final String LISTENER_PORT_FILE = "edge-listener-port";

    /** How long a token the agent presents on connect is valid. */
    static final Duration TOKEN_TTL = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(EdgeTunnel.class);
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(15);

    private final URI server;
    /** The server's address without its query, for logs and the health answer. */
    private final String shown;
    private final Duration heartbeat;
    private final Backoff backoff;
    private final String enrollToken;
    private final SecretStore secrets;
    private final TunnelMark mark;
    private final AgentIdentity identity;
    private final DockerIdentity dockerIdentity;
    private final List<AgentPlugin> plugins;
    private final Path dataDir;
    private final HttpClient client;
    private final ExecutorService sendExecutor;
    private final ScheduledExecutorService heartbeats;
    private final AtomicInteger connections = new AtomicInteger();
    private final Duration unhealthyAfter;
    /** Since when no connection has been open (System.nanoTime): the agent's start, then each connection's end. */
    private volatile long disconnectedSince = System.nanoTime();
    /** Why the last open connection ended; null before one has. */
    private volatile String lastEnd;
    /** Why the last attempt to connect failed; null when the last attempt opened a connection. */
    private volatile String lastFailure;
    private volatile LocalForwarder forwarder;
    private volatile EdgeSession session;
    private volatile Thread keeper;
    private volatile boolean stopped;

    /**
     * @param server           {@code AGENT_EDGE_SERVER}
     * @param ca               {@code AGENT_EDGE_CA}, or null
     * @param fingerprint      {@code AGENT_EDGE_SERVER_FINGERPRINT}, or null
     * @param reconnectInitial the first reconnect delay, ms
     * @param reconnectMax     the longest reconnect delay, ms
     * @param heartbeatMillis  the heartbeat interval, ms
     * @param unhealthyAfter   how long, ms, the agent may be without a connection before {@link #outage()} tells
     * @param enrollToken      {@code AGENT_ENROLL_TOKEN} while the agent may still be enrolled, or null
     * @param secrets          signs the token the agent presents
     * @param mark             marks the requests the tunnel replays, for counting failed authentications
     * @param identity         the agent's id and version
     * @param dockerIdentity   the host's name
     * @param plugins          the plugins that are on
     * @param dataDir          the data folder
     */
    public EdgeTunnel(@Property(name = AgentConfigurationProperties.EDGE_SERVER) String server,
                      @Nullable @Property(name = AgentConfigurationProperties.EDGE_CA) String ca,
                      @Nullable @Property(name = AgentConfigurationProperties.EDGE_FINGERPRINT) String fingerprint,
                      @Property(name = AgentConfigurationProperties.EDGE_RECONNECT_INITIAL) long reconnectInitial,
                      @Property(name = AgentConfigurationProperties.EDGE_RECONNECT_MAX) long reconnectMax,
                      @Property(name = AgentConfigurationProperties.EDGE_HEARTBEAT) long heartbeatMillis,
                      @Property(name = AgentConfigurationProperties.EDGE_UNHEALTHY_AFTER) long unhealthyAfter,
                      @Nullable @Property(name = AgentConfigurationProperties.ENROLL_TOKEN) String enrollToken,
                      SecretStore secrets, TunnelMark mark, AgentIdentity identity, DockerIdentity dockerIdentity,
                      List<AgentPlugin> plugins,
                      @Property(name = AgentConfigurationProperties.DATA_DIR) String dataDir) {
        this.server = URI.create(server);
        this.shown = EdgeSettings.shown(this.server);
        this.heartbeat = Duration.ofMillis(heartbeatMillis);
        this.unhealthyAfter = Duration.ofMillis(unhealthyAfter);
        this.backoff = new Backoff(Duration.ofMillis(reconnectInitial), Duration.ofMillis(reconnectMax),
                // Not ThreadLocalRandom.current(): that instance belongs to this thread, the keeper thread draws.
                new java.util.SplittableRandom());
        this.enrollToken = enrollToken;
        this.secrets = secrets;
        this.mark = mark;
        this.identity = identity;
        this.dockerIdentity = dockerIdentity;
        this.plugins = plugins;
        this.dataDir = Path.of(dataDir);
        this.sendExecutor = Executors.newCachedThreadPool(Thread.ofPlatform().daemon()
                .name("bollard-edge-send-", 0).factory());
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("bollard-edge-heartbeat").factory());
        HttpClient.Builder builder = HttpClient.newBuilder().executor(sendExecutor)
                .connectTimeout(Duration.ofSeconds(10));
        if (!this.server.getScheme().equals("ws")) {
            builder.sslContext(EdgeTrust.context(ca == null ? null : Path.of(ca), fingerprint));
        }
        this.client = builder.build();
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        int port = event.getSource().getPort();
        forwarder = new LocalForwarder(port, mark.value());
        try {
            AtomicFiles.write(dataDir.resolve(LISTENER_PORT_FILE), "rw-r--r--",
                    out -> out.write((port + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            LOG.warn("Cannot write {} (the healthcheck command reads it): {}", LISTENER_PORT_FILE, e.getMessage());
        }
        LOG.info("Edge mode: the API listens on 127.0.0.1:{} only; the tunnel to {} forwards to it", port, shown);
        heartbeats.scheduleAtFixedRate(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
        Thread thread = Thread.ofPlatform().daemon().name("bollard-edge-tunnel").unstarted(this::keepConnected);
        keeper = thread;
        thread.start();
    }

    /** @return whether a connection to the server is open now */
    public boolean connected() {
        EdgeSession s = session;
        return s != null && !s.ended().isDone();
    }

    /**
     * What the health check reports when the agent has been without a connection to the server for longer than
     * {@code AGENT_EDGE_UNHEALTHY_AFTER}: in edge mode the tunnel is the agent's only way to serve its API. A
     * shorter gap, such as the server restarting, is the backoff's to mend.
     *
     * @return how long the agent has been without a connection and why, or empty while one is open or the gap is
     *         shorter
     */
    public Optional<String> outage() {
        if (connected()) {
            return Optional.empty();
        }
        Duration down = Duration.ofNanos(System.nanoTime() - disconnectedSince);
        if (down.compareTo(unhealthyAfter) < 0) {
            return Optional.empty();
        }
        String end = lastEnd;
        String failure = lastFailure;
        return Optional.of("no connection to the edge server " + shown + " for " + down.toSeconds() + " s ("
                + (end == null ? "never connected" : "the last one ended: " + end) + ")"
                + (failure == null ? "" : "; the last attempt: " + failure) + "; still trying");
    }

    /** @return how many connections have opened since the agent started */
    public int connections() {
        return connections.get();
    }

    /** @return requests running through the tunnel now */
    public int inFlight() {
        EdgeSession s = session;
        return s == null ? 0 : s.inFlight();
    }

    private void keepConnected() {
        int attempt = 0;
        while (!stopped) {
            long openedAt = -1;
            EdgeSession s = null;
            try {
                s = connect();
                openedAt = System.nanoTime();
                String reason = s.ended().get();
                if (!stopped) {
                    LOG.warn("Edge connection to {} ended: {}", shown, reason);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                lastFailure = "cannot connect: " + describe(e);
                if (!stopped) {
                    LOG.warn("Cannot connect to the edge server {}: {}", shown, describe(e));
                }
            }
            if (stopped) {
                break;
            }
            // A connection that stayed up for two heartbeats and heard from the server worked: start the backoff
            // over. One that only stayed up (a server that accepts and says nothing) keeps backing off.
            if (openedAt >= 0 && s.heardFromServer() && System.nanoTime() - openedAt >= 2 * heartbeat.toNanos()) {
                attempt = 0;
            }
            Duration delay = backoff.delay(attempt);
            attempt = Math.min(attempt + 1, 62);
            LOG.info("Reconnecting to the edge server in {} ms", delay.toMillis());
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    private EdgeSession connect() throws InterruptedException, ExecutionException, TimeoutException {
        EdgeSession s = new EdgeSession(hello(), forwarder, sendExecutor);
        try {
            client.newWebSocketBuilder()
                    .connectTimeout(HANDSHAKE_TIMEOUT)
                    .header("Authorization", authorization())
                    .buildAsync(server, s)
                    .get(HANDSHAKE_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException | RuntimeException e) {
            s.end("the connection did not open");
            throw e;
        }
        session = s;
        connections.incrementAndGet();
        // The outage clock starts when an open connection ends (at once if it already has), not at failed dials.
        lastFailure = null;
        s.ended().thenAccept(reason -> {
            disconnectedSince = System.nanoTime();
            lastEnd = reason;
        });
        LOG.info("Edge connection to {} open", shown);
        if (stopped) {
            s.close();
        }
        return s;
    }

    /** A fresh short-lived token signed with the agent's secret, or the enrollment token before enrollment. */
    private String authorization() {
        String token = secrets.sign(identity.id(), TOKEN_TTL, HandshakeTokenValidator.EDGE_HANDSHAKE);
        if (token != null) {
            return "Bearer " + token;
        }
        if (enrollToken != null) {
            return "Enroll " + enrollToken;
        }
        throw new IllegalStateException("the agent has neither a secret nor an enrollment token");
    }

    private String hello() {
        String hostname = null;
        try {
            hostname = dockerIdentity.read().hostname();
        } catch (RuntimeException e) {
            // Sent without a host name while Docker does not answer.
        }
        return Envelopes.hello(identity.id(), hostname, identity.version(), AgentInfoController.pluginInfos(plugins));
    }

    private void heartbeat() {
        EdgeSession s = session;
        if (s != null) {
            try {
                s.heartbeat(heartbeat);
            } catch (RuntimeException e) {
                LOG.warn("Edge heartbeat failed: {}", e.toString());
            }
        }
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof WebSocketHandshakeException refused) {
            return "the server refused the connection with HTTP " + refused.getResponse().statusCode();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return t == root ? String.valueOf(t) : t + " (" + root + ")";
    }

    /** Closes the connection and stops reconnecting. */
    @PreDestroy
    public void stop() {
        stopped = true;
        Thread thread = keeper;
        if (thread != null) {
            thread.interrupt();
        }
        heartbeats.shutdownNow();
        EdgeSession s = session;
        if (s != null) {
            s.close();
        }
        LocalForwarder f = forwarder;
        if (f != null) {
            f.close();
        }
        client.shutdownNow();
        sendExecutor.shutdownNow();
    }
}
