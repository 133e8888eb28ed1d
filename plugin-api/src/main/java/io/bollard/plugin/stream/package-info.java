/**
 * Helpers for streamed answers: turning docker-java callbacks into back-pressured publishers that close their
 * Docker stream when the client goes away, holding a Docker reader until its subscriber wants more, and counting
 * the streams that are open.
 */
package io.bollard.plugin.stream;
