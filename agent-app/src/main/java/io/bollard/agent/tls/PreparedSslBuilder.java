package io.bollard.agent.tls;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.server.netty.ssl.CertificateProvidedSslBuilder;
import io.micronaut.http.server.netty.ssl.ServerSslBuilder;
import io.micronaut.http.ssl.ServerSslConfiguration;
import io.netty.handler.ssl.SslContext;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.Optional;

/**
 * Gives the HTTPS listener the TLS context {@link TlsSetup} prepared in memory, in place of Micronaut's builder.
 * That one read the key back from a key store file written for it at every start, and made its context through
 * Netty's {@code SslContextBuilder}, whose first use tries out a whole TLS set-up of its own (a PEM key parsed with
 * Bouncy Castle, a PKCS#12 store): work a start did for nothing the agent serves. (For the same reason the context
 * is a {@link PreparedSslContext}, not Netty's {@code JdkSslContext}.)
 */
@Singleton
@Replaces(CertificateProvidedSslBuilder.class)
@Requires(property = "micronaut.server.ssl.enabled", value = "true")
@Requires(beans = TlsMaterial.class)
public class PreparedSslBuilder implements ServerSslBuilder {

    private final ServerSslConfiguration configuration;
    private final TlsMaterial tls;

    /**
     * @param configuration the listener's port, protocols and cipher suites, as Micronaut reads them
     * @param tls           what {@link TlsSetup} prepared
     */
    public PreparedSslBuilder(ServerSslConfiguration configuration, TlsMaterial tls) {
        this.configuration = configuration;
        this.tls = tls;
    }

    @Override
    public ServerSslConfiguration getSslConfiguration() {
        return configuration;
    }

    /**
     * Netty's context over the prepared one. Protocols are TLS 1.3 and 1.2 and cipher suites forward-secret AEAD
     * ones ({@link PreparedSslContext#DEFAULT_CIPHER_SUITES}) unless {@code micronaut.server.ssl.protocols} or
     * {@code .ciphers} name others, as with Micronaut's builder; client certificates are required exactly when
     * {@code AGENT_TLS_CLIENT_CA} is set. No ALPN: the agent serves HTTP/1.1.
     */
    @Override
    public Optional<SslContext> build() {
        return Optional.of(new PreparedSslContext(tls.context(),
                configuration.getProtocols().map(Arrays::asList).orElse(null),
                configuration.getCiphers().map(Arrays::asList).orElse(null), tls.clientCertificatesRequired()));
    }
}
