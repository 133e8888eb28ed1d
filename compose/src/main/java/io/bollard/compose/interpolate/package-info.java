/**
 * Interpolation: {@code $VAR} and {@code ${VAR...}} forms in every string value, from the request's variables and
 * the stack's {@code .env} text only (never the agent's own environment, which holds its secrets).
 */
package io.bollard.compose.interpolate;
