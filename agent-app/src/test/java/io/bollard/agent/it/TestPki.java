package io.bollard.agent.it;

import io.bollard.agent.tls.Certificates;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * A small certificate authority for tests: CA, client certificates, and TLS contexts that pin a fingerprint or
 * present a client certificate.
 */
final class TestPki {

    private TestPki() {
    }

    record Pair(KeyPair keys, X509Certificate cert) {
    }

    static Pair ca(String name) throws Exception {
        KeyPair keys = ecKeys();
        X500Name subject = new X500Name("CN=" + name);
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(System.nanoTime()),
                Date.from(Instant.now().minusSeconds(60)), Date.from(Instant.now().plus(Duration.ofDays(30))), subject,
                keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Pair(keys, sign(builder, keys));
    }

    static Pair client(Pair ca, String name) throws Exception {
        KeyPair keys = ecKeys();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(ca.cert().getSubjectX500Principal().getName()),
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(30))), new X500Name("CN=" + name), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        return new Pair(keys, sign(builder, ca.keys()));
    }

    /** A server certificate for 127.0.0.1 valid from {@code from} for {@code validity}. */
    static Certificates.Issued server(Instant from, Duration validity) throws Exception {
        KeyPair keys = ecKeys();
        X500Name subject = new X500Name("CN=127.0.0.1");
        var builder = new JcaX509v3CertificateBuilder(subject, BigInteger.valueOf(System.nanoTime()), Date.from(from),
                Date.from(from.plus(validity)), subject, keys.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")));
        return new Certificates.Issued(keys.getPrivate(), List.of(sign(builder, keys)));
    }

    /** A server certificate for 127.0.0.1 issued by the given CA. */
    static Certificates.Issued serverSignedBy(Pair ca) throws Exception {
        KeyPair keys = ecKeys();
        var builder = new JcaX509v3CertificateBuilder(new X500Name(ca.cert().getSubjectX500Principal().getName()),
                BigInteger.valueOf(System.nanoTime()), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plus(Duration.ofDays(30))), new X500Name("CN=127.0.0.1"), keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.subjectAlternativeName, false, new org.bouncycastle.asn1.x509.GeneralNames(
                new org.bouncycastle.asn1.x509.GeneralName(org.bouncycastle.asn1.x509.GeneralName.iPAddress, "127.0.0.1")));
        return new Certificates.Issued(keys.getPrivate(), List.of(sign(builder, ca.keys()), ca.cert()));
    }

    static void writePem(Path file, Object... objects) throws Exception {
        Files.writeString(file, Certificates.pem(objects));
    }

    /** Trusts any server whose certificate has this SHA-256 fingerprint, and no other. */
    static SSLContext pinning(String fingerprint) throws Exception {
        X509TrustManager pin = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                throw new CertificateException("client");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                if (!Certificates.fingerprint(chain[0]).equals(fingerprint)) {
                    throw new CertificateException("fingerprint " + Certificates.fingerprint(chain[0])
                            + " is not the pinned " + fingerprint);
                }
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[]{pin}, null);
        return context;
    }

    /** Trusts the given server certificate and presents the client certificate. */
    static SSLContext withClientCertificate(Path serverCert, Pair client) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", client.keys().getPrivate(), new char[0], new X509Certificate[]{client.cert()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", Certificates.readCertificates(serverCert).get(0));
        tmf.init(trust);
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
    }
}
