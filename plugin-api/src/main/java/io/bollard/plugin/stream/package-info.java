/**
 * Helpers for streamed answers: turning docker-java callbacks into back-pressured publishers that close their
 * Docker stream when the client goes away, and counting the streams that are open.
 */
package io.bollard.plugin.stream;
