/**
 * The images plugin: list and inspect images, pull them (with streamed progress and credentials used for that one
 * call), remove and prune them.
 */
package io.bollard.plugins.images;
