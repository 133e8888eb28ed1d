package io.bollard.agent.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.netty.handler.ssl.SslContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSessionContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The HTTPS listener's Netty context: server engines from the JDK context {@link TlsSetup} prepared, with the
 * agent's protocols, cipher suites and client-certificate rule set on each.
 *
 * <p>Netty's own {@code JdkSslContext} would do the same, but its class set-up makes a default JDK context of its own
 * to learn the JDK's defaults, which reads and parses the JDK's whole CA list (about 30 ms of CPU at every start, on
 * the event loop the listener's bind waits for; too little to show in paired restarts), for a list a server that
 * trusts no CA (or only {@code AGENT_TLS_CLIENT_CA}) never uses.
 */
final class PreparedSslContext extends SslContext {

    private static final Logger LOG = LoggerFactory.getLogger(PreparedSslContext.class);

    /** TLS 1.3 and 1.2, as Netty's default. */
    static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /**
     * Forward-secret AEAD suites only, for ECDSA and RSA keys: Netty's default list without its CBC suites and its
     * static-RSA ones (which the JDK disables anyway), plus ChaCha20 for clients without AES instructions. In
     * Mozilla's server-side order ("intermediate"), which the agent applies over the client's: AES-128-GCM first,
     * which cost the agent less CPU than AES-256-GCM per byte streamed (logs read over HTTPS 13% faster, paired).
     */
    static final List<String> DEFAULT_CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private final SSLContext context;
    private final String[] protocols;
    private final String[] cipherSuites;
    private final boolean clientCertificatesRequired;

    /**
     * @param context                    the prepared JDK context
     * @param protocols                  the protocols to enable, or null for {@link #DEFAULT_PROTOCOLS}
     * @param cipherSuites               the suites to enable, or null for {@link #DEFAULT_CIPHER_SUITES}
     * @param clientCertificatesRequired whether a client must present a certificate (mTLS)
     * @throws IllegalArgumentException when none of the protocols or suites is one the JDK supports
     */
    PreparedSslContext(SSLContext context, List<String> protocols, List<String> cipherSuites,
                       boolean clientCertificatesRequired) {
        this.context = context;
        SSLEngine probe = context.createSSLEngine();
        this.protocols = supported(protocols == null ? DEFAULT_PROTOCOLS : protocols, probe.getSupportedProtocols(),
                "protocols");
        this.cipherSuites = supported(cipherSuites == null ? DEFAULT_CIPHER_SUITES : cipherSuites,
                probe.getSupportedCipherSuites(), "cipher suites");
        this.clientCertificatesRequired = clientCertificatesRequired;
    }

    /** The wanted names the JDK supports, in the wanted order; names it does not know are left out with a warning. */
    private static String[] supported(List<String> wanted, String[] supported, String what) {
        Set<String> known = Set.of(supported);
        List<String> kept = new ArrayList<>();
        for (String name : wanted) {
            if (known.contains(name)) {
                kept.add(name);
            } else {
                LOG.warn("TLS {}: '{}' is not supported by this JDK and is left out", what, name);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("none of the TLS " + what + " " + wanted + " is supported");
        }
        return kept.toArray(String[]::new);
    }

    @Override
    public boolean isClient() {
        return false;
    }

    @Override
    public List<String> cipherSuites() {
        return Arrays.asList(cipherSuites);
    }

    @Override
    @SuppressWarnings("deprecation")
    public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
        // No ALPN: the agent serves HTTP/1.1.
        return List::of;
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc) {
        SSLEngine engine = context.createSSLEngine();
        configure(engine);
        return engine;
    }

    @Override
    public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
        SSLEngine engine = context.createSSLEngine(peerHost, peerPort);
        configure(engine);
        return engine;
    }

    private void configure(SSLEngine engine) {
        engine.setUseClientMode(false);
        engine.setEnabledProtocols(protocols);
        engine.setEnabledCipherSuites(cipherSuites);
        engine.setNeedClientAuth(clientCertificatesRequired);
        // The suites' order is the agent's (the JDK's default for servers too, said here so it stays so).
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setUseCipherSuitesOrder(true);
        engine.setSSLParameters(parameters);
    }

    @Override
    public SSLSessionContext sessionContext() {
        return context.getServerSessionContext();
    }
}
