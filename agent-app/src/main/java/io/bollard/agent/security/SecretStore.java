package io.bollard.agent.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.bollard.agent.config.AgentConfigurationProperties;
import io.bollard.agent.config.AgentSettings;
import io.bollard.agent.storage.AtomicFiles;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import jakarta.inject.Singleton;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The HS256 secret tokens are checked against: {@code AGENT_SECRET}, or the secret an enrollment made and stored
 * in the data folder. Until an agent started with {@code AGENT_ENROLL_TOKEN} is enrolled there is none, and no
 * token passes.
 */
@Singleton
public class SecretStore implements SignatureConfiguration {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where the digest of the enrollment token that was used is kept, in the data folder. */
    public static final String SPENT_TOKEN_FILE = "enroll-token-spent";

    private final Path storedFile;
    private final Path spentFile;
    private volatile byte[] secret;

    /**
     * @param configured {@code AGENT_SECRET}, if set
     * @param dataDir    the data folder, where an enrolled secret is kept
     */
    public SecretStore(@Nullable @Property(name = AgentConfigurationProperties.SECRET) String configured,
                       @Property(name = AgentConfigurationProperties.DATA_DIR) String dataDir) {
        this.storedFile = Path.of(dataDir).resolve(AgentSettings.STORED_SECRET_FILE);
        this.spentFile = Path.of(dataDir).resolve(SPENT_TOKEN_FILE);
        this.secret = configured != null ? configured.getBytes(StandardCharsets.UTF_8) : readStored(storedFile);
    }

    /**
     * The secret an enrollment stored in a data folder.
     *
     * @param file the stored secret's file
     * @return its bytes, or null when there is none
     */
    public static byte[] readStored(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim()
                    .getBytes(StandardCharsets.UTF_8) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stored secret " + file, e);
        }
    }

    /** @return whether tokens can be checked (a secret is configured or enrolled) */
    public boolean hasSecret() {
        return secret != null;
    }

    /**
     * Signs a token with the current secret, for the agent's own use (edge mode proves who it is to its server).
     *
     * @param subject the {@code sub} claim
     * @param ttl     how long it is valid
     * @return the compact JWT, or null while there is no secret (not yet enrolled)
     */
    public String sign(String subject, Duration ttl) {
        return sign(subject, ttl, null);
    }

    /**
     * Signs a token for one use other than calling the API (see {@link HandshakeTokenValidator}).
     *
     * @param subject the {@code sub} claim
     * @param ttl     how long it is valid
     * @param use     its {@value HandshakeTokenValidator#TOKEN_USE} claim
     * @return the token, or null while the agent has no secret
     */
    public String sign(String subject, Duration ttl, String use) {
        byte[] current = secret;
        return current == null ? null
                : TokenCommand.sign(new String(current, StandardCharsets.UTF_8), subject, ttl, use);
    }

    /**
     * Makes and stores a new 256-bit secret, once: the file is linked into place only if none exists, so of two
     * concurrent enrollments (in this process or another) exactly one wins.
     *
     * <p>The enrollment token's digest is kept too ({@value #SPENT_TOKEN_FILE}): with the secret's file removed,
     * the same token still cannot enroll the agent again; re-enrolling takes a new token.
     *
     * @param tokenDigest the SHA-256 of the enrollment token presented
     * @return the new secret, hex
     * @throws AlreadyEnrolledException when a secret exists already, or this token was spent
     */
    public synchronized String enroll(byte[] tokenDigest) {
        if (secret != null || Files.exists(storedFile) || spent(tokenDigest)) {
            throw new AlreadyEnrolledException();
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String hex = HexFormat.of().formatHex(raw);
        try {
            AtomicFiles.createOnce(storedFile, "rw-------",
                    out -> out.write((hex + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (FileAlreadyExistsException raced) {
            throw new AlreadyEnrolledException();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the secret in " + storedFile, e);
        }
        secret = hex.getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(spentFile, "rw-------",
                    out -> out.write((HexFormat.of().formatHex(tokenDigest) + "\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // The secret is stored, which alone refuses a second enrollment while it is there.
            LoggerFactory.getLogger(SecretStore.class).warn("Could not record the spent enrollment token in {}: {}",
                    spentFile, e.getMessage());
        }
        return hex;
    }

    private boolean spent(byte[] tokenDigest) {
        try {
            return Files.exists(spentFile) && MessageDigest.isEqual(HexFormat.of().parseHex(
                    Files.readString(spentFile, StandardCharsets.UTF_8).trim()), tokenDigest);
        } catch (IOException | IllegalArgumentException e) {
            return true; // a record that cannot be read refuses rather than lets a token be used twice
        }
    }

    @Override
    public String supportedAlgorithmsMessage() {
        return "Only HS256 is supported";
    }

    @Override
    public boolean supports(JWSAlgorithm algorithm) {
        return JWSAlgorithm.HS256.equals(algorithm);
    }

    @Override
    public boolean verify(SignedJWT jwt) throws JOSEException {
        byte[] current = secret;
        return current != null && JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                && jwt.verify(new MACVerifier(current));
    }

    /** An enrollment after the agent already has its secret. */
    public static final class AlreadyEnrolledException extends RuntimeException {
        AlreadyEnrolledException() {
            super("already enrolled", null, false, false);
        }
    }
}
