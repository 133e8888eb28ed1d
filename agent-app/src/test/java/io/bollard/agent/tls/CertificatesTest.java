package io.bollard.agent.tls;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificatesTest {

    private static String traditional(Object keyOrPair) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(keyOrPair);
        }
        return out.toString();
    }

    @Test
    void readsPkcs8AndTraditionalKeysAlike(@TempDir Path tmp) throws Exception {
        Certificates.Issued issued = Certificates.selfSigned(List.of("agent.test"), List.of(InetAddress.getLoopbackAddress()),
                Duration.ofDays(1));
        Path pkcs8 = Files.writeString(tmp.resolve("pkcs8.pem"), Certificates.pem(issued.key()));
        assertTrue(Files.readString(pkcs8).contains("BEGIN PRIVATE KEY"));
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        var ecPair = ec.generateKeyPair();
        // As openssl ecparam -genkey writes it: SEC1, the curve named in the key itself.
        byte[] sec1Der = new org.bouncycastle.asn1.sec.ECPrivateKey(256,
                ((java.security.interfaces.ECPrivateKey) ecPair.getPrivate()).getS(),
                new org.bouncycastle.asn1.x9.X962Parameters(org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1))
                .getEncoded();
        Path sec1 = Files.writeString(tmp.resolve("sec1.pem"), traditional(
                new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", sec1Der)));
        assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"));
        var rsaPair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path pkcs1 = Files.writeString(tmp.resolve("pkcs1.pem"), traditional(rsaPair));
        assertTrue(Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY"));

        PrivateKey read = Certificates.readPrivateKey(pkcs8);
        assertArrayEquals(issued.key().getEncoded(), read.getEncoded());
        assertTrue(Certificates.pairs(read, issued.chain().get(0)));
        assertEquals(((java.security.interfaces.ECPrivateKey) ecPair.getPrivate()).getS(),
                ((java.security.interfaces.ECPrivateKey) Certificates.readPrivateKey(sec1)).getS());
        assertArrayEquals(rsaPair.getPrivate().getEncoded(), Certificates.readPrivateKey(pkcs1).getEncoded());
    }

    @Test
    void readsEveryCertificateOfAFileThatHoldsAKeyToo(@TempDir Path tmp) throws Exception {
        Certificates.Issued first = Certificates.selfSigned(List.of("one.test"), List.of(), Duration.ofDays(1));
        Certificates.Issued second = Certificates.selfSigned(List.of("two.test"), List.of(), Duration.ofDays(1));
        Path bundle = Files.writeString(tmp.resolve("bundle.pem"), "a comment line\n"
                + Certificates.pem(first.key(), first.chain().get(0), second.chain().get(0)));

        List<X509Certificate> read = Certificates.readCertificates(bundle);

        assertEquals(2, read.size());
        assertEquals(first.chain().get(0), read.get(0));
        assertEquals(second.chain().get(0), read.get(1));
    }

    @Test
    void aFileWithoutWhatIsAskedForIsAnIoError(@TempDir Path tmp) throws Exception {
        Path none = Files.writeString(tmp.resolve("none.pem"), "not PEM at all");
        assertThrows(IOException.class, () -> Certificates.readCertificates(none));
        assertThrows(IOException.class, () -> Certificates.readPrivateKey(none));
        Path broken = Files.writeString(tmp.resolve("broken.pem"),
                "-----BEGIN CERTIFICATE-----\nAAA=A\n-----END CERTIFICATE-----\n");
        assertThrows(Exception.class, () -> Certificates.readCertificates(broken));
    }
}
