/**
 * The startup floor bench/startup-floor.sh times against the agent: the least a Micronaut and docker-java server
 * starts with.
 */
package io.bollard.bench.floor;
