/**
 * Planning: a pure function from the desired project and the engine's observed state to a printable list of
 * operations in dependency order. No engine calls here, so plans are tested as golden text.
 */
package io.bollard.compose.plan;
