package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.bollard.testing.DockerScope;
import io.bollard.testing.TestDocker;
import io.bollard.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A compose deploy pulls its image from a registry that wants credentials, given per registry in
 * {@code registry_auths}; without them the deploy fails with the registry's refusal, and the credentials are kept
 * nowhere.
 */
class ComposePullIT {

    private static final String USER = "deployer";
    private static final String PASSWORD = "compose-pull-" + java.util.UUID.randomUUID();

    private static DockerScope scope;
    private static RunningAgent agent;
    private static TestRegistry registry;
    private static String image;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(TestRegistry.available(), "needs Debian's docker-registry");
        scope = new DockerScope();
        agent = RunningAgent.start(Map.of("DOCKER_FILTER", "label=" + DockerScope.LABEL + "=" + scope.id()));
        registry = TestRegistry.start(USER, PASSWORD);
        LogAudit.remember(PASSWORD);
        DockerClient docker = scope.docker();
        String repo = registry.address() + "/bollard-it/compose";
        docker.tagImageCmd(TestDocker.busybox(), repo, scope.id()).exec();
        try {
            docker.pushImageCmd(repo).withTag(scope.id()).withAuthConfig(new AuthConfig().withUsername(USER)
                    .withPassword(PASSWORD).withRegistryAddress(registry.address()))
                    .exec(new ResultCallback.Adapter<PushResponseItem>()).awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        image = repo + ":" + scope.id();
        docker.removeImageCmd(image).exec();
    }

    @AfterAll
    static void stop() {
        if (agent == null) {
            return;
        }
        try {
            agent.close();
            scope.close();
            try {
                scope.docker().removeImageCmd(image).withForce(true).exec();
            } catch (NotFoundException gone) {
                // never pulled
            }
        } finally {
            registry.close();
        }
    }

    private static String body(String name, Object auths) throws Exception {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "compose",
                "services:\n  app:\n    image: " + image + "\n    command: sleep 600\n    stop_grace_period: 1s\n"));
        if (auths != null) {
            body.put("registry_auths", auths);
        }
        return RunningAgent.JSON.writeValueAsString(body);
    }

    @Test
    void pullsWithTheRegistrysCredentialsAndFailsClearlyWithout() throws Exception {
        String name = "pull-" + scope.id();
        JsonNode refused = assertError(agent.post("/agent/docker/deploy/compose", body(name, null)), 502,
                "deploy_failed");
        String message = refused.path("message").asText();
        assertTrue(message.startsWith("pull image " + image + ":"), message);

        var deployed = agent.post("/agent/docker/deploy/compose", body(name,
                Map.of(registry.address(), Map.of("username", USER, "password", PASSWORD))));
        assertEquals(200, deployed.statusCode(), deployed.body());
        List<String> done = new java.util.ArrayList<>();
        RunningAgent.json(deployed).path("operations").forEach(o -> done.add(o.asText()));
        assertTrue(done.containsAll(List.of("pull image " + image, "start container " + name + "-app-1")),
                done.toString());

        String stack = agent.get("/agent/docker/compose/" + name).body();
        assertFalse(stack.contains(PASSWORD), stack);
        for (var file : Files.list(agent.dataDir().resolve("compose")).toList()) {
            assertFalse(Files.readString(file).contains(PASSWORD), file.toString());
        }
        agent.post("/agent/docker/compose/remove", "{\"name\":\"" + name + "\"}");
    }
}
