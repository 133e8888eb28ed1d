package io.bollard.agent.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.bollard.agent.config.AgentSettings;
import io.bollard.agent.config.SettingsException;
import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar bollard-agent.jar token --ttl 1h}: prints a token signed with {@code AGENT_SECRET}, so a person
 * can call the agent with curl.
 */
public final class TokenCommand {

    private static final Pattern TTL = Pattern.compile("(\\d+)(s|m|h|d)");

    private TokenCommand() {
    }

    /**
     * Makes a token.
     *
     * @param args {@code --ttl DURATION} (default 1h; s, m, h or d) and {@code --sub NAME} (default {@code cli})
     * @param env  the environment, for {@code AGENT_SECRET}
     * @return the token
     */
    public static String run(String[] args, Map<String, String> env) {
        Duration ttl = Duration.ofHours(1);
        String subject = "cli";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ttl" -> ttl = parseTtl(i + 1 < args.length ? args[++i] : "");
                case "--sub" -> subject = i + 1 < args.length ? args[++i] : "";
                default -> throw new SettingsException("token", "unknown option '" + args[i] + "'");
            }
        }
        String secret = AgentSettings.givenSecret(env);
        if (secret == null || secret.isBlank()) {
            // An enrolled agent keeps its secret in the data folder.
            byte[] stored = SecretStore.readStored(Path.of(env.getOrDefault("AGENT_DATA_DIR", "/data"))
                    .resolve(AgentSettings.STORED_SECRET_FILE));
            secret = stored == null ? null : new String(stored, StandardCharsets.UTF_8);
        }
        if (secret == null || secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new SettingsException("AGENT_SECRET", "must be set (32 bytes or more) to sign a token, or the "
                    + "agent enrolled with its secret in AGENT_DATA_DIR");
        }
        return sign(secret, subject, ttl);
    }

    /**
     * Signs a token.
     *
     * @param secret  the HS256 secret
     * @param subject the {@code sub} claim
     * @param ttl     how long it is valid
     * @return the compact JWT
     */
    public static String sign(String secret, String subject, Duration ttl) {
        return sign(secret, subject, ttl, null);
    }

    /**
     * Signs a token for one use other than calling the API.
     *
     * @param secret the secret
     * @param subject the {@code sub} claim
     * @param ttl     how long it is valid
     * @param use     the {@value HandshakeTokenValidator#TOKEN_USE} claim, which the API refuses, or null for an
     *                API token
     * @return the compact JWT
     */
    public static String sign(String secret, String subject, Duration ttl, @Nullable String use) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (use != null) {
            builder.claim(HandshakeTokenValidator.TOKEN_USE, use);
        }
        JWTClaimsSet claims = builder.build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new SettingsException("AGENT_SECRET", "cannot sign with it: " + e.getMessage());
        }
        return jwt.serialize();
    }

    static Duration parseTtl(String text) {
        Matcher m = TTL.matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new SettingsException("--ttl", "'" + text + "' is not a duration such as 30m, 1h or 7d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
