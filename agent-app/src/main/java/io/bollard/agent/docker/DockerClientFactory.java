package io.bollard.agent.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.SSLConfig;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.metrics.TimedDockerHttpClient;
import io.bollard.plugin.docker.DockerEndpoint;
import io.bollard.plugin.filter.LabelFilter;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.time.Duration;

/**
 * Makes the Docker client and the label filter every plugin shares.
 */
@Factory
public class DockerClientFactory {

    /**
     * A TLS context for a unix socket, where docker-java's transport never uses one but makes one anyway: by default
     * the JDK's, whose making reads and parses the JDK's 145 CA certificates on the first call to Docker (about 40 ms
     * in a fresh JVM, on the first ping's path) and keeps them for good (1 MB of heap). This one trusts no one, so it
     * could not be used by mistake either.
     */
    static final SSLConfig UNIX_SOCKET_TLS = () -> {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[0], new TrustManager[0], null);
        return context;
    };

    /**
     * The TLS context docker-java's transport gets: none over TCP (a context would make it speak HTTPS there), the
     * one that trusts no one on a unix socket.
     *
     * @param config the client's configuration
     * @return what to give the transport
     */
    static SSLConfig sslConfig(DockerClientConfig config) {
        return "unix".equals(config.getDockerHost().getScheme()) ? UNIX_SOCKET_TLS : config.getSSLConfig();
    }

    /**
     * The Docker client. Calls are made lazily, so the agent starts (and answers ping with 503) when Docker is
     * down, and works again when it returns.
     *
     * @param dockerHost the endpoint, {@code unix:///var/run/docker.sock} or {@code tcp://host:port}
     * @param meters     where the calls' timings go, or null
     * @param filter     the label filter in force (its answers below 500 are counted together)
     * @return the client
     */
    @Singleton
    @Bean(preDestroy = "close")
    public DockerClient dockerClient(@Property(name = AgentConfigurationProperties.DOCKER_HOST) String dockerHost,
                                     @Nullable MeterRegistry meters, LabelFilter filter) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .withDockerTlsVerify(false)
                .build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(sslConfig(config))
                .maxConnections(200)
                .connectionTimeout(Duration.ofSeconds(5))
                .build();
        // Every call to Docker is timed for /metrics, when metrics are on; no call may climb to another endpoint.
        return DockerClientImpl.getInstance(new DirectBindingConfig(config),
                new DockerPathGuard(meters == null ? http : new TimedDockerHttpClient(http, meters, !filter.isEmpty())));
    }

    /**
     * Where Docker is, for reads that go to its socket directly.
     *
     * @param dockerHost the endpoint
     * @param meters     where the calls' timings go, or null
     * @param filter     the label filter in force
     * @return the endpoint
     */
    @Singleton
    public DockerEndpoint dockerEndpoint(@Property(name = AgentConfigurationProperties.DOCKER_HOST) String dockerHost,
                                         @Nullable MeterRegistry meters, LabelFilter filter) {
        return new DockerEndpoint(dockerHost, meters == null ? DockerEndpoint.CallTimer.NONE
                : TimedDockerHttpClient.callTimer(meters, !filter.isEmpty()));
    }

    /**
     * The filter in force.
     *
     * @param filter {@code DOCKER_FILTER}, already checked at startup
     * @return the parsed filter
     */
    @Singleton
    public LabelFilter labelFilter(@Nullable @Property(name = AgentConfigurationProperties.FILTER) String filter) {
        return LabelFilter.parse(filter);
    }
}
