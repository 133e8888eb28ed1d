/**
 * Pulling images: {@code POST /agent/docker/images/pull}, answered when done or streamed as NDJSON progress, with
 * registry credentials used for that one call and never logged, stored or echoed.
 */
package io.bollard.plugins.images.pull;
