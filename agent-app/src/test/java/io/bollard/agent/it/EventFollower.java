package io.bollard.agent.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Follows {@code GET /agent/docker/events} over HTTP on a thread of its own and keeps every line it reads.
 */
final class EventFollower implements AutoCloseable {

    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final InputStream body;
    private final Thread reader;

    EventFollower(RunningAgent agent, String query) throws Exception {
        HttpRequest request = agent.authed("/agent/docker/events" + query).timeout(Duration.ofMinutes(5)).build();
        HttpResponse<InputStream> response = agent.http().send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new AssertionError("events answered " + response.statusCode() + " "
                    + new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        body = response.body();
        reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    events.add(ContainerLogsIT.parse(line));
                }
            } catch (Exception closed) {
                // The test closed the stream.
            }
        });
        await(e -> "subscribed".equals(e.path("action").asText()), Duration.ofSeconds(10));
    }

    List<JsonNode> events() {
        return events;
    }

    JsonNode await(Predicate<JsonNode> wanted, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode e : events) {
                if (wanted.test(e)) {
                    return e;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("event not seen within " + timeout + "; got " + events);
    }

    boolean ended() {
        return !reader.isAlive();
    }

    @Override
    public void close() throws Exception {
        body.close();
        reader.join(Duration.ofSeconds(5));
    }

    static Predicate<JsonNode> is(String type, String action, String id) {
        return e -> type.equals(e.path("type").asText()) && e.path("action").asText().startsWith(action)
                && (id == null || id.equals(e.path("id").asText()));
    }
}
