/**
 * Compose stacks without a Compose binary: load a project from Compose files ({@code load}, built from the stages
 * {@code read}, {@code interpolate}, {@code canonical}, {@code validate}), plan it against what the engine runs
 * ({@code plan}) and apply the plan through docker-java ({@code apply}). No HTTP here.
 */
package io.bollard.compose;
