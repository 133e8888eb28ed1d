/**
 * Who this agent is: a UUID created once and kept in the data folder, its version, and the name it reports.
 */
package io.bollard.agent.identity;
