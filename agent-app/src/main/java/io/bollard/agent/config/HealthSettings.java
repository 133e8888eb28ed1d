package io.bollard.agent.config;

import java.nio.file.Path;

/**
 * The running agent's health file: the verdict of a probe of its own listener, written every few seconds, which
 * the image's health check reads instead of starting a second JVM.
 *
 * @param file       {@code AGENT_HEALTH_FILE}: where the verdict goes; null for no file (the default outside the
 *                   image)
 * @param clientCert {@code AGENT_HEALTHCHECK_CERT}: with mTLS, the client certificate the probe presents, or null
 * @param clientKey  {@code AGENT_HEALTHCHECK_KEY}: its key, or null
 */
public record HealthSettings(Path file, Path clientCert, Path clientKey) {
}
