package io.bollard.agent.tls;

import java.nio.file.Path;
import java.security.cert.X509Certificate;

/**
 * What the listener serves TLS with, ready for Micronaut: key stores written for this run, and the certificate's
 * fingerprint.
 *
 * @param certificate      the served certificate
 * @param fingerprint      its SHA-256 fingerprint, {@code AB:CD:...}
 * @param keyStore         a key store file ({@link TlsSetup#STORE_TYPE}) with the key and certificate chain
 * @param keyStorePassword its password (random, made for this run)
 * @param trustStore       a key store file with the client CA certificates, or null without mTLS
 * @param certificateFile  the PEM file of the served certificate (for the healthcheck to trust)
 */
public record TlsMaterial(X509Certificate certificate, String fingerprint, Path keyStore, String keyStorePassword,
                          Path trustStore, Path certificateFile) {
}
