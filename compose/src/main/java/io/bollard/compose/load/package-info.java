/**
 * Loading: the stages run in order (read, interpolate, merge, canonicalise, bind, select profiles, validate) to turn
 * a stack's files into a {@link io.bollard.compose.model.Project}.
 */
package io.bollard.compose.load;
