/**
 * The API description: {@code /openapi.yml}, merged at run time from the OpenAPI document each module (the agent
 * and every plugin, including plugin jars) wrote at build time, and the Swagger UI at {@code /swagger-ui} when
 * {@code AGENT_API_DOCS=true}.
 */
package io.bollard.agent.apidocs;
