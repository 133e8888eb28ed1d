package io.bollard.agent.edge;

import io.bollard.agent.tls.Certificates;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

class EdgeTrustTest {

    @Test
    void thePinAcceptsItsCertificateWhateverItsNamesAndRefusesAnyOther() throws Exception {
        X509Certificate pinned = Certificates.selfSigned(List.of("some-other-name"), List.of(InetAddress.getLoopbackAddress()),
                Duration.ofDays(1)).chain().get(0);
        X509Certificate other = Certificates.selfSigned(List.of("localhost"), List.of(), Duration.ofDays(1)).chain().get(0);
        EdgeTrust.PinnedServer trust = new EdgeTrust.PinnedServer(Certificates.fingerprint(pinned));
        trust.checkServerTrusted(new X509Certificate[]{pinned}, "ECDHE_ECDSA");
        assertThrows(CertificateException.class, () -> trust.checkServerTrusted(new X509Certificate[]{other}, "ECDHE_ECDSA"));
        assertThrows(CertificateException.class, () -> trust.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA"));
    }
}
