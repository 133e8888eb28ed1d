/**
 * Reading: Compose YAML to a plain tree of maps, lists and scalars with each value's file and line, safely (no
 * object construction, bounded aliases, depth, size and expansion), and merging several files in order.
 */
package io.bollard.compose.read;
