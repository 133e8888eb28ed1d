package io.bollard.agent.tls;

import io.bollard.agent.config.SettingsException;
import io.bollard.agent.storage.AtomicFiles;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prepares the listener's TLS before the server starts: the operator's PEM files ({@code AGENT_TLS_CERT},
 * {@code AGENT_TLS_KEY}), or the agent's own self-signed certificate under {@code AGENT_DATA_DIR/certs/} (made on
 * first start, reused after, and made anew at startup when fewer than 30 days remain or {@code AGENT_HOSTNAME}
 * names a host it does not);
 * and the client CA for mTLS ({@code AGENT_TLS_CLIENT_CA}). A bad file stops startup naming it and the problem.
 */
public final class TlsSetup {

    /** How long a self-signed certificate is valid. */
    public static final Duration VALIDITY = Duration.ofDays(365);

    /** A self-signed certificate with less left than this is made anew. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);

    /** File names under {@code AGENT_DATA_DIR/certs/}. */
    public static final String CERT_FILE = "agent-cert.pem";
    static final String KEY_FILE = "agent-key.pem";

    /**
     * The type of the in-memory stores the JDK's key and trust managers are made from. PKCS#12 would run its
     * 10,000-round key derivation to protect a key that never leaves memory; JKS's protection costs almost nothing.
     */
    static final String STORE_TYPE = "JKS";

    /**
     * Key stores that earlier versions wrote beside the PEM files for Micronaut to read back at every start (each a
     * further copy of the key); removed when found.
     */
    private static final List<String> FORMER_STORES =
            List.of("listener.p12", "client-ca.p12", "listener.jks", "client-ca.jks");

    /**
     * Without mTLS the listener asks for no client certificate and trusts none: given no trust manager, the JDK
     * puts in one that trusts nothing (null would mean its whole CA list).
     */
    private static final TrustManager[] NO_CLIENT_CAS = new TrustManager[0];

    private static final SecureRandom RANDOM = new SecureRandom();

    private TlsSetup() {
    }

    /**
     * Prepares TLS.
     *
     * @param dataDir  the agent's data folder
     * @param hostname {@code AGENT_HOSTNAME}, or null
     * @param certFile {@code AGENT_TLS_CERT}, or null
     * @param keyFile  {@code AGENT_TLS_KEY}, or null
     * @param clientCa {@code AGENT_TLS_CLIENT_CA}, or null
     * @return what the listener serves
     * @throws SettingsException naming the file and the problem
     */
    public static TlsMaterial prepare(Path dataDir, String hostname, Path certFile, Path keyFile, Path clientCa) {
        Path certs = dataDir.resolve("certs");
        try {
            Files.createDirectories(certs);
            restrict(certs, "rwx------");
            for (String former : FORMER_STORES) {
                Files.deleteIfExists(certs.resolve(former));
            }
        } catch (IOException e) {
            throw new SettingsException("AGENT_DATA_DIR", "cannot prepare " + certs + ": " + e.getMessage());
        }
        Certificates.Issued issued;
        Path servedCert;
        if (certFile != null || keyFile != null) {
            if (certFile == null || keyFile == null) {
                throw new SettingsException(certFile == null ? "AGENT_TLS_CERT" : "AGENT_TLS_KEY",
                        "is not set; AGENT_TLS_CERT and AGENT_TLS_KEY go together");
            }
            issued = operatorCertificate(certFile, keyFile);
            servedCert = certFile;
        } else {
            issued = selfSigned(certs, hostname);
            servedCert = certs.resolve(CERT_FILE);
        }
        X509Certificate cert = issued.chain().get(0);
        KeyManager[] keyManagers;
        try {
            keyManagers = keyManagers(issued);
        } catch (GeneralSecurityException | IOException e) {
            throw new SettingsException(certFile == null ? "AGENT_DATA_DIR" : "AGENT_TLS_KEY",
                    "cannot serve TLS with the key: " + e.getMessage());
        }
        TrustManager[] trustManagers;
        try {
            trustManagers = clientCa == null ? NO_CLIENT_CAS : trustManagers(clientCas(clientCa));
        } catch (GeneralSecurityException | IOException e) {
            throw new SettingsException("AGENT_TLS_CLIENT_CA", "cannot trust " + clientCa + ": " + e.getMessage());
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, trustManagers, null);
            return new TlsMaterial(context, clientCa != null, cert, Certificates.fingerprint(cert), servedCert);
        } catch (GeneralSecurityException e) {
            throw new SettingsException(certFile == null ? "AGENT_DATA_DIR" : "AGENT_TLS_KEY",
                    "cannot set up TLS with the key: " + e.getMessage());
        }
    }

    /** The JDK's key manager over the key and its chain, made in memory. */
    private static KeyManager[] keyManagers(Certificates.Issued issued) throws GeneralSecurityException, IOException {
        // Only this run's memory holds the store, so its key protection guards nothing: a random password will do.
        char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(24)).toCharArray();
        KeyStore keys = KeyStore.getInstance(STORE_TYPE);
        keys.load(null, null);
        keys.setKeyEntry("agent", issued.key(), password, issued.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        return factory.getKeyManagers();
    }

    /** The JDK's trust manager with the client CAs as the only trusted issuers. */
    private static TrustManager[] trustManagers(List<X509Certificate> clientCas)
            throws GeneralSecurityException, IOException {
        KeyStore cas = KeyStore.getInstance(STORE_TYPE);
        cas.load(null, null);
        for (int i = 0; i < clientCas.size(); i++) {
            cas.setCertificateEntry("client-ca-" + i, clientCas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(cas);
        return factory.getTrustManagers();
    }

    private static List<X509Certificate> clientCas(Path clientCa) {
        try {
            return Certificates.readCertificates(clientCa);
        } catch (IOException | GeneralSecurityException e) {
            throw new SettingsException("AGENT_TLS_CLIENT_CA", "cannot read " + clientCa + ": " + e.getMessage());
        }
    }

    private static Certificates.Issued operatorCertificate(Path certFile, Path keyFile) {
        List<X509Certificate> chain;
        try {
            chain = Certificates.readCertificates(certFile);
        } catch (IOException | GeneralSecurityException e) {
            throw new SettingsException("AGENT_TLS_CERT", "cannot read " + certFile + ": " + e.getMessage());
        }
        PrivateKey key;
        try {
            key = Certificates.readPrivateKey(keyFile);
        } catch (IOException | RuntimeException e) {
            throw new SettingsException("AGENT_TLS_KEY", "cannot read " + keyFile + ": " + e.getMessage());
        }
        X509Certificate cert = chain.get(0);
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new SettingsException("AGENT_TLS_CERT", certFile + " expired on " + cert.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new SettingsException("AGENT_TLS_CERT", certFile + " is not valid before "
                    + cert.getNotBefore().toInstant());
        }
        if (!Certificates.pairs(key, cert)) {
            throw new SettingsException("AGENT_TLS_KEY", keyFile + " is not the key of the certificate in " + certFile);
        }
        return new Certificates.Issued(key, chain);
    }

    private static Certificates.Issued selfSigned(Path certs, String hostname) {
        Path certFile = certs.resolve(CERT_FILE);
        Path keyFile = certs.resolve(KEY_FILE);
        List<String> names = names(hostname);
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            try {
                List<X509Certificate> chain = Certificates.readCertificates(certFile);
                PrivateKey key = Certificates.readPrivateKey(keyFile);
                X509Certificate cert = chain.get(0);
                boolean fresh = cert.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
                // Only a name the operator gives makes a new certificate: the machine's own name changes with
                // every re-created container (it is the container's id), and a new certificate would break every
                // server that pinned the old fingerprint.
                List<String> required = hostname == null ? List.of("localhost")
                        : List.of(hostname.toLowerCase(Locale.ROOT), "localhost");
                boolean named = Certificates.subjectAltNames(cert).containsAll(required);
                if (fresh && named && Certificates.pairs(key, cert)) {
                    return new Certificates.Issued(key, chain);
                }
            } catch (IOException | GeneralSecurityException | RuntimeException unusable) {
                // Made anew below.
            }
        }
        try {
            Certificates.Issued issued = Certificates.selfSigned(names, addresses(), VALIDITY);
            // Key first: a certificate on disk always has its key beside it.
            writeAtomically(keyFile, Certificates.pem(issued.key()), "rw-------");
            writeAtomically(certFile, Certificates.pem(issued.chain().get(0)), "rw-r--r--");
            return issued;
        } catch (IOException | GeneralSecurityException e) {
            throw new SettingsException("AGENT_DATA_DIR", "cannot make the agent's certificate in " + certs + ": "
                    + e.getMessage());
        }
    }

    /** The names the certificate answers to: the host's name, {@code AGENT_HOSTNAME}, and localhost. */
    static List<String> names(String hostname) {
        Set<String> names = new LinkedHashSet<>();
        if (hostname != null) {
            names.add(hostname);
        }
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            // The host has no resolvable name; the others still apply.
        }
        names.add("localhost");
        return new ArrayList<>(names);
    }

    private static List<InetAddress> addresses() {
        List<InetAddress> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) {
                        out.add(a);
                    }
                }
            }
        } catch (SocketException e) {
            // Loopback alone still lets local clients and the healthcheck verify the name.
        }
        out.add(InetAddress.getLoopbackAddress());
        return out;
    }

    private static void writeAtomically(Path file, String text, String permissions) throws IOException {
        AtomicFiles.write(file, permissions, out -> out.write(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static void restrict(Path path, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }
}
