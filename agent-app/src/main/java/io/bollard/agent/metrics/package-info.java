/**
 * Prometheus metrics at {@code /metrics}: Micronaut's request and JVM meters, the time and outcome of every call to
 * Docker, and the open streams by kind.
 */
package io.bollard.agent.metrics;
