/**
 * Edge mode: the agent dials out to its server over one WebSocket and serves its whole API through it, by
 * forwarding each request envelope to its own loopback HTTP listener (the same routing, security, filter and
 * plugins as in direct mode) and sending the answer back, streamed when it is long. See
 * {@code docs/edge-protocol.md}.
 */
package io.bollard.agent.edge;
