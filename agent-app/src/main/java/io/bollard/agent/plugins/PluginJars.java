package io.bollard.agent.plugins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loads plugin jars from a folder onto a class loader that the Micronaut context then scans, so a plugin built
 * outside Bollard adds its beans and routes like a built-in one.
 */
public final class PluginJars {

    private PluginJars() {
    }

    /**
     * The jars in a folder, by name.
     *
     * @param dir the folder; missing means none
     * @return the jars
     */
    public static List<Path> find(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list plugin folder " + dir, e);
        }
    }

    /**
     * A class loader that sees the application's classes and the folder's jars.
     *
     * @param dir    the plugins folder
     * @param parent the application's class loader
     * @return the parent itself when there are no jars
     */
    public static ClassLoader classLoader(Path dir, ClassLoader parent) {
        List<Path> jars = find(dir);
        if (jars.isEmpty()) {
            return parent;
        }
        URL[] urls = jars.stream().map(PluginJars::url).toArray(URL[]::new);
        return new URLClassLoader("bollard-plugins", urls, parent);
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("bad plugin jar path " + jar, e);
        }
    }
}
