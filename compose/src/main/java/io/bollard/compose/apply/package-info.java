/**
 * Applying: reading a project's state from the engine and running a plan's steps through docker-java, with no
 * decisions of its own, reporting each step as {@link io.bollard.compose.apply.ProgressEvent}s.
 */
package io.bollard.compose.apply;
