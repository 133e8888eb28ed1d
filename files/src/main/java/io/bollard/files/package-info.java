/**
 * A sandboxed file manager over one root folder, with no HTTP and no Docker in it: every user path is resolved to
 * a real path inside the root or refused, writes are atomic, and archives are packed and unpacked with every entry
 * checked.
 */
package io.bollard.files;
