/**
 * The files plugin: browse, read, edit, upload and download files in Docker volumes, stack folders and containers,
 * through the sandboxed {@code files} library (volumes, stacks) or Docker's archive API (containers).
 */
package io.bollard.plugins.files;
