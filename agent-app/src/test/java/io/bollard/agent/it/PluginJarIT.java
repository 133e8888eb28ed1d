package io.bollard.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plugin built outside Bollard, dropped as a jar into {@code AGENT_PLUGINS_DIR}, loads at startup: its route
 * answers, behind the same authentication, and it appears in {@code /agent/info}.
 */
class PluginJarIT {

    private static final String CONTROLLER = """
            package com.example.hello;

            import io.bollard.plugin.RequiresPlugin;
            import io.micronaut.http.annotation.Controller;
            import io.micronaut.http.annotation.Get;
            import java.util.Map;

            @Controller("/agent/hello")
            @RequiresPlugin("hello")
            public class HelloController {
                @Get
                public Map<String, String> hello() {
                    return Map.of("greeting", "hello from a plugin jar");
                }
            }
            """;

    private static final String DESCRIPTOR = """
            package com.example.hello;

            import io.bollard.plugin.AgentPlugin;
            import io.bollard.plugin.RequiresPlugin;
            import jakarta.inject.Singleton;
            import java.util.List;

            @Singleton
            @RequiresPlugin("hello")
            public class HelloPlugin implements AgentPlugin {
                public String id() { return "hello"; }
                public String description() { return "Says hello"; }
                public List<String> routePrefixes() { return List.of("/agent/hello"); }
            }
            """;

    @TempDir
    Path work;

    @Test
    void pluginJarAddsItsRoute() throws Exception {
        Path pluginsDir = Files.createDirectories(work.resolve("plugins"));
        buildJar(pluginsDir.resolve("hello-plugin.jar"));
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_PLUGINS_DIR", pluginsDir.toString()))) {
            var answer = agent.get("/agent/hello");
            assertEquals(200, answer.statusCode(), answer.body());
            assertEquals("hello from a plugin jar", RunningAgent.json(answer).path("greeting").asText());
            assertError(agent.send(HttpRequest.newBuilder(agent.uri("/agent/hello")).build()), 401, "unauthorized");
            assertTrue(agent.get("/agent/info").body().contains("\"id\":\"hello\""));
        }
        try (RunningAgent agent = RunningAgent.start(Map.of("AGENT_PLUGINS_DIR", pluginsDir.toString(),
                "AGENT_PLUGINS_HELLO_ENABLED", "false"))) {
            assertError(agent.get("/agent/hello"), 404, "not_found");
        }
    }

    /** Compiles the plugin with Micronaut's annotation processor, as a plugin author's build would. */
    private void buildJar(Path jar) throws IOException {
        Path src = Files.createDirectories(work.resolve("src/com/example/hello"));
        Files.writeString(src.resolve("HelloController.java"), CONTROLLER);
        Files.writeString(src.resolve("HelloPlugin.java"), DESCRIPTOR);
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String classpath = System.getProperty("java.class.path");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, OutputStream.nullOutputStream(), errors,
                "--release", "21", "-proc:full", "-parameters",
                "-cp", classpath, "-processorpath", classpath, "-d", classes.toString(),
                src.resolve("HelloController.java").toString(), src.resolve("HelloPlugin.java").toString());
        assertEquals(0, status, errors.toString());
        assertTrue(Files.exists(classes.resolve("META-INF/micronaut/io.micronaut.inject.BeanDefinitionReference/"
                + "com.example.hello.$HelloController$Definition")), "Micronaut's processor ran: " + errors);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            // Folders get entries too, as the jar tool writes them: Micronaut finds its service files by folder.
            for (Path file : files.filter(f -> !f.equals(classes)).sorted().toList()) {
                String name = classes.relativize(file).toString().replace('\\', '/');
                out.putNextEntry(new JarEntry(Files.isDirectory(file) ? name + "/" : name));
                if (Files.isRegularFile(file)) {
                    Files.copy(file, out);
                }
                out.closeEntry();
            }
        }
        assertTrue(Files.size(jar) > 0);
    }
}
