/**
 * The agent's configuration: environment variables read once, checked, and turned into Micronaut properties. A bad
 * value stops startup with one line naming the variable.
 */
package io.bollard.agent.config;
