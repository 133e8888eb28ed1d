/**
 * Authentication: every route but {@code /agent/ping} needs an HS256 JWT signed with {@code AGENT_SECRET} in the
 * {@code Authorization} header, with {@code exp} and, when present, {@code nbf} checked; refusals are JSON 401s.
 */
package io.bollard.agent.security;
