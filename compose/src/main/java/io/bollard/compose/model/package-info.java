/**
 * The canonical, immutable model of a Compose project: every short form already expanded to its long form, sizes in
 * bytes and durations in nanoseconds. Records bind from the canonical YAML tree by their snake_case key names.
 */
package io.bollard.compose.model;
