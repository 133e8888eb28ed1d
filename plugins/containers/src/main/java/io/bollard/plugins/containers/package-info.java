/**
 * The containers plugin: list, inspect, start, stop, restart, remove and edit the containers the agent may see,
 * and watch their logs and stats. One sub-package per concern, one controller per group of endpoints.
 */
package io.bollard.plugins.containers;
