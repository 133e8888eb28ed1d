package io.bollard.compose.model;

/**
 * A top-level secret or config backed by a file, which services see as a read-only bind mount.
 *
 * @param name     the object's name
 * @param file     the file, absolute (relative paths are resolved against the stack folder when loading)
 * @param external whether it is said to exist already; only Swarm has such objects, so validation refuses it
 */
public record FileObject(String name, String file, boolean external) {
}
