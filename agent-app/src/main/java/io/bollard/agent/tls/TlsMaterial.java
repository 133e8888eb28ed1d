package io.bollard.agent.tls;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * What the listener serves TLS with, prepared in memory before the server starts: the JDK's TLS context over the
 * agent's key and certificate chain (and the client CAs for mTLS), and the certificate's fingerprint.
 *
 * @param context                    the TLS context, with the key and chain and, for mTLS, the client CAs
 * @param clientCertificatesRequired whether clients must show a certificate from the client CAs (mTLS)
 * @param certificate                the served certificate
 * @param fingerprint                its SHA-256 fingerprint, {@code AB:CD:...}
 * @param certificateFile            the PEM file of the served certificate (for the healthcheck to trust)
 */
public record TlsMaterial(SSLContext context, boolean clientCertificatesRequired, X509Certificate certificate,
                          String fingerprint, Path certificateFile) {
}
