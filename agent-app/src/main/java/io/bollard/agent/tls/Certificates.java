package io.bollard.agent.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.KeyFactory;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes, reads and writes X.509 certificates and keys: read and written with the JDK, made with Bouncy Castle.
 */
public final class Certificates {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern PEM_BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

    private Certificates() {
    }

    /**
     * A self-signed ECDSA P-256 server certificate.
     *
     * @param names    DNS names for its SANs (the first is also its common name)
     * @param addresses IP addresses for its SANs
     * @param validity how long it is valid
     * @return the key pair and certificate
     * @throws GeneralSecurityException when the JDK cannot make EC keys
     */
    public static Issued selfSigned(List<String> names, List<InetAddress> addresses, Duration validity)
            throws GeneralSecurityException {
        return BouncyCastle.selfSigned(names, addresses, validity);
    }

    /**
     * Reads every certificate in a PEM file, with the JDK alone (Bouncy Castle, a signed jar whose classes no AOT
     * cache holds, costs a restart about a tenth of a second to load).
     *
     * @param file the file
     * @return the certificates, in file order
     * @throws IOException when it cannot be read or holds no certificate
     * @throws GeneralSecurityException when a certificate cannot be decoded
     */
    public static List<X509Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        for (PemBlock block : pemBlocks(Files.readString(file, StandardCharsets.UTF_8))) {
            if (block.type().equals("CERTIFICATE")) {
                out.add((X509Certificate) x509.generateCertificate(new ByteArrayInputStream(block.der())));
            }
        }
        if (out.isEmpty()) {
            throw new IOException("no PEM certificate in it");
        }
        return out;
    }

    /**
     * Reads a private key from a PEM file (PKCS#8, or a traditional EC or RSA key).
     *
     * <p>PKCS#8 ({@code PRIVATE KEY}, what the agent writes and {@code openssl genpkey} makes) is read by the JDK;
     * only the traditional forms ({@code EC PRIVATE KEY}, {@code RSA PRIVATE KEY}) load Bouncy Castle.
     *
     * @param file the file
     * @return the key
     * @throws IOException when it cannot be read or holds no unencrypted key
     */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        for (PemBlock block : pemBlocks(text)) {
            if (block.type().equals("PRIVATE KEY")) {
                for (String algorithm : List.of("EC", "RSA", "Ed25519")) {
                    try {
                        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block.der()));
                    } catch (GeneralSecurityException notThisAlgorithm) {
                        // the next one
                    }
                }
            }
        }
        return BouncyCastle.readTraditionalKey(text);
    }

    /** One {@code -----BEGIN type-----} block of a PEM text, decoded. */
    private record PemBlock(String type, byte[] der) {
    }

    private static List<PemBlock> pemBlocks(String text) throws IOException {
        List<PemBlock> out = new ArrayList<>();
        Matcher m = PEM_BLOCK.matcher(text);
        while (m.find()) {
            try {
                out.add(new PemBlock(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IOException("a PEM block that is not valid base64", e);
            }
        }
        return out;
    }

    /**
     * What only Bouncy Castle does here: making a certificate, reading traditional (SEC1 and PKCS#1) PEM keys. In a
     * class of its own, so that Bouncy Castle's signed jars are opened only when one of these is needed, not when
     * {@link Certificates} is loaded (which, while its methods named Bouncy Castle's types, loaded some of them).
     */
    private static final class BouncyCastle {

        static Issued selfSigned(List<String> names, List<InetAddress> addresses, Duration validity)
                throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + names.get(0).replaceAll("[,=+<>#;\"\\\\]", "_")
                    + ",O=Bollard agent");
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(128, RANDOM), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(validity)), subject, keys.getPublic());
            List<GeneralName> sans = new ArrayList<>();
            for (String name : new LinkedHashSet<>(names)) {
                sans.add(new GeneralName(GeneralName.dNSName, name));
            }
            for (InetAddress address : new LinkedHashSet<>(addresses)) {
                sans.add(new GeneralName(GeneralName.iPAddress, address.getHostAddress().replaceAll("%.*", "")));
            }
            try {
                builder.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(sans.toArray(GeneralName[]::new)));
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
                return new Issued(keys.getPrivate(), List.of(cert));
            } catch (IOException | OperatorCreationException e) {
                throw new GeneralSecurityException("cannot build the certificate: " + e.getMessage(), e);
            }
        }

        static PrivateKey readTraditionalKey(String text) throws IOException {
            try (PEMParser pem = new PEMParser(new StringReader(text))) {
                Object item;
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
                while ((item = pem.readObject()) != null) {
                    if (item instanceof PEMKeyPair pair) {
                        // A SEC1 "EC PRIVATE KEY" may come without its public half; the private part is all we need.
                        return converter.getPrivateKey(pair.getPrivateKeyInfo());
                    }
                    if (item instanceof PrivateKeyInfo info) {
                        return converter.getPrivateKey(info);
                    }
                }
            }
            throw new IOException("no unencrypted PEM private key in it");
        }
    }

    /**
     * Writes objects as PEM.
     *
     * @param objects certificates and keys
     * @return the PEM text
     * @throws IOException when they cannot be encoded
     */
    public static String pem(Object... objects) throws IOException {
        Base64.Encoder base64 = Base64.getMimeEncoder(64, new byte[]{'\n'});
        StringBuilder out = new StringBuilder();
        for (Object o : objects) {
            String type;
            byte[] der;
            try {
                if (o instanceof PrivateKey key) {
                    type = "PRIVATE KEY"; // PKCS#8, which every TLS tool reads
                    der = key.getEncoded();
                } else if (o instanceof X509Certificate cert) {
                    type = "CERTIFICATE";
                    der = cert.getEncoded();
                } else {
                    throw new IllegalArgumentException("not a key or certificate: " + o.getClass().getName());
                }
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot encode it: " + e.getMessage(), e);
            }
            out.append("-----BEGIN ").append(type).append("-----\n").append(base64.encodeToString(der))
                    .append("\n-----END ").append(type).append("-----\n");
        }
        return out.toString();
    }

    /**
     * The SHA-256 fingerprint of a certificate, as {@code openssl x509 -fingerprint -sha256} prints it.
     *
     * @param cert the certificate
     * @return {@code AB:CD:...}
     */
    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /**
     * The DNS names and IP addresses a certificate's SANs hold.
     *
     * @param cert the certificate
     * @return the names, lowercase
     */
    public static Set<String> subjectAltNames(X509Certificate cert) {
        Set<String> out = new LinkedHashSet<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                cert.getSubjectAlternativeNames().forEach(san -> out.add(String.valueOf(san.get(1)).toLowerCase(Locale.ROOT)));
            }
        } catch (java.security.cert.CertificateParsingException e) {
            // No readable SANs: nothing matches, so a new certificate is made.
        }
        return out;
    }

    /**
     * Whether a private key belongs to a certificate: a signature made with the key verifies with the certificate.
     *
     * @param key  the private key
     * @param cert the certificate
     * @return true when they are a pair
     */
    public static boolean pairs(PrivateKey key, X509Certificate cert) {
        try {
            String algorithm = switch (key.getAlgorithm()) {
                case "EC" -> "SHA256withECDSA";
                case "RSA" -> "SHA256withRSA";
                case "Ed25519", "EdDSA" -> "Ed25519";
                default -> throw new GeneralSecurityException("unsupported key type " + key.getAlgorithm());
            };
            byte[] probe = new byte[32];
            RANDOM.nextBytes(probe);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * A key and its certificate chain.
     *
     * @param key   the private key
     * @param chain the certificate first, then its issuers
     */
    public record Issued(PrivateKey key, List<X509Certificate> chain) {
    }
}
