package io.bollard.bench.floor;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Factory;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The least a Micronaut and docker-java agent starts with: one plain-HTTP route that pings Docker, so
 * bench/startup-floor.sh can show how much of the agent's start is the framework's own.
 */
public final class FloorApp {

    private FloorApp() {
    }

    /**
     * Starts the server on the port {@code FLOOR_PORT} names, built as the agent builds its own; with {@code train}
     * as the argument, calls its own route 50 times and exits, which is the training run that writes the JDK's AOT
     * cache.
     */
    public static void main(String[] args) throws Exception {
        boolean train = args.length > 0 && args[0].equals("train");
        ApplicationContext context = Micronaut.build(new String[0])
                .mainClass(FloorApp.class)
                .banner(false)
                .deduceEnvironment(false)
                .deduceCloudEnvironment(false)
                .environmentPropertySource(false)
                .properties(Map.of("micronaut.server.port", Integer.parseInt(System.getenv("FLOOR_PORT"))))
                .start();
        if (train) {
            URI ping = URI.create("http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort() + "/agent/ping");
            try (HttpClient client = HttpClient.newHttpClient()) {
                for (int i = 0; i < 50; i++) {
                    client.send(HttpRequest.newBuilder(ping).build(), HttpResponse.BodyHandlers.ofString());
                }
            }
            context.close();
        }
    }

    /** The Docker client, made as the agent makes its own: docker-java's zero-dependency transport. */
    @Factory
    static class DockerFactory {
        @Singleton
        DockerClient docker() {
            DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
            return DockerClientImpl.getInstance(config,
                    new ZerodepDockerHttpClient.Builder().dockerHost(config.getDockerHost()).build());
        }
    }

    /** The one route: 200 when Docker answers its ping. */
    @Controller("/agent/ping")
    static class PingController {
        private final DockerClient docker;

        PingController(DockerClient docker) {
            this.docker = docker;
        }

        @Get
        Map<String, String> ping() {
            docker.pingCmd().exec();
            return Map.of("status", "ok");
        }
    }
}
