/**
 * Logging: logback set up in code at startup (text lines, or one JSON object per line for {@code LOG_JSON=true}),
 * and the request id every request carries into the log lines written while it is handled (and back to the caller
 * as {@code X-Request-Id}).
 */
package io.bollard.agent.logging;
