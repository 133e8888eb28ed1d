/**
 * Test fixtures for integration tests against a real Docker Engine: a client, a locally made busybox image (no
 * registry needed), and a scope that removes every container, network and volume a test made, and nothing else.
 */
package io.bollard.testing;
