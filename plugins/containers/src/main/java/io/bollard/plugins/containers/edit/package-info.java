/**
 * Editing a container: Docker cannot change most settings in place, so the container is recreated under the same
 * name with everything else kept, and put back as it was when the new one cannot be created or started.
 */
package io.bollard.plugins.containers.edit;
