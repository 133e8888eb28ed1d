/**
 * Deploying: {@code POST /agent/docker/deploy/compose} and {@code /stream}. A deploy is checked and its files written
 * while the request waits, then runs on its own thread to its end, whether or not the caller stays to watch.
 */
package io.bollard.plugins.compose.deploy;
