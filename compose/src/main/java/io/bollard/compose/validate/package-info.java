/**
 * Validation of a bound project: references between services, networks, volumes, secrets and configs, dependency
 * cycles, and values the engine would refuse, each error naming the service, the key and the line.
 */
package io.bollard.compose.validate;
