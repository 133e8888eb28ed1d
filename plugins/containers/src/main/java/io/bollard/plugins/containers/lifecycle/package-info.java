/**
 * Changing a container's run state: start, stop, restart and remove.
 */
package io.bollard.plugins.containers.lifecycle;
