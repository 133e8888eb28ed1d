package io.bollard.agent;

import io.bollard.agent.config.AgentSettings;
import io.bollard.agent.security.TokenCommand;
import io.micronaut.context.ApplicationContext;

import javax.net.ssl.HttpsURLConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code java -XX:AOTCacheOutput=bollard.aot -jar bollard-agent.jar train}: the image build's training run for the
 * JDK's ahead-of-time cache. Starts the agent as {@code run} does, calls a few of its routes over its own listener
 * (ping, an authenticated route, an unknown one, a refused token), then stops it, so the classes and linkage of a
 * real start and first requests are what the cache holds. Docker need not answer: the error paths are trained too.
 */
final class TrainingRun {

    private static final List<String> AUTHED_PATHS = List.of("/agent/info", "/agent/docker/containers?all=true",
            "/agent/docker/images", "/metrics", "/agent/no-such-route");

    private TrainingRun() {
    }

    /**
     * Runs the training.
     *
     * @param settings the agent's settings (an {@code AGENT_SECRET} is needed to sign the requests' token)
     * @param env      the environment, for the probe's pinned certificate
     * @param out      where progress goes
     * @return 0 when the agent started and answered, 1 otherwise
     */
    static int run(AgentSettings settings, Map<String, String> env, PrintStream out) {
        if (settings.secret() == null) {
            out.println("train: set AGENT_SECRET");
            return 1;
        }
        ApplicationContext context = AgentLauncher.start(settings);
        try {
            int health = HealthcheckCommand.run(env, out);
            String token = TokenCommand.sign(settings.secret(), "train", Duration.ofMinutes(5));
            for (String path : AUTHED_PATHS) {
                call(settings, env, path, token);
                call(settings, env, path, "not-a-token");
            }
            out.println("train: agent started and answered; healthcheck exit " + health);
            return 0;
        } finally {
            context.close();
        }
    }

    private static void call(AgentSettings settings, Map<String, String> env, String path, String token) {
        String url = (settings.tls() ? "https" : "http") + "://127.0.0.1:" + settings.port() + path;
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            if (c instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(HealthcheckCommand.pinnedContext(env).getSocketFactory());
                https.setHostnameVerifier((host, session) -> true);
            }
            c.setConnectTimeout(5_000);
            c.setReadTimeout(10_000);
            c.setRequestProperty("Authorization", "Bearer " + token);
            int status = c.getResponseCode();
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            // Training only: an answer that fails still loaded the classes on its way.
        }
    }
}
