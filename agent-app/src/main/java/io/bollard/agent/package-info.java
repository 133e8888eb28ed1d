/**
 * The Bollard agent application: the command line ({@code run}, {@code token}), startup and plugin loading.
 */
package io.bollard.agent;
