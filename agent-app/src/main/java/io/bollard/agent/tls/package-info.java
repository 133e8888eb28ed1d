/**
 * TLS for the agent's listener: a self-signed ECDSA certificate made once and kept in the data folder (renewed
 * before it expires), or the operator's own PEM files; an optional client CA for mTLS; the TLS context made from
 * them in memory and handed to Netty ({@link io.bollard.agent.tls.PreparedSslBuilder}); and the certificate's
 * SHA-256 fingerprint, which servers pin.
 */
package io.bollard.agent.tls;
