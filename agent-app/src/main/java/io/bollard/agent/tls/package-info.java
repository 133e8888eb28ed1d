/**
 * TLS for the agent's listener: a self-signed ECDSA certificate made once and kept in the data folder (renewed
 * before it expires), or the operator's own PEM files; an optional client CA for mTLS; and the certificate's
 * SHA-256 fingerprint, which servers pin.
 */
package io.bollard.agent.tls;
