package io.bollard.agent;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BollardTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @Test
    void badConfigurationIsOneLineAndExitTwo() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Bollard.run(new String[]{"run"}, Map.of("AGENT_SECRET", SECRET, "AGENT_PORT", "abc"),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        assertEquals(2, exit);
        String message = err.toString(StandardCharsets.UTF_8);
        assertEquals("bollard: AGENT_PORT: 'abc' is not a port number (1-65535)\n", message);
    }

    @Test
    void tokenCommandPrintsAVerifiableToken() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = Bollard.run(new String[]{"token", "--ttl", "2h"}, Map.of("AGENT_SECRET", SECRET),
                new PrintStream(out), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, exit);
        SignedJWT jwt = SignedJWT.parse(out.toString(StandardCharsets.UTF_8).trim());
        assertTrue(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8))));
        Duration ttl = Duration.between(Instant.now(), jwt.getJWTClaimsSet().getExpirationTime().toInstant());
        assertTrue(ttl.compareTo(Duration.ofMinutes(119)) > 0 && ttl.compareTo(Duration.ofHours(2)) <= 0, ttl.toString());
        assertEquals("HS256", jwt.getHeader().getAlgorithm().getName());
    }

    @Test
    void tokenCommandNeedsTheSecretAndAGoodTtl() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Bollard.run(new String[]{"token"}, Map.of(), System.out, new PrintStream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("bollard: AGENT_SECRET: "));
        err.reset();
        assertEquals(2, Bollard.run(new String[]{"token", "--ttl", "soon"}, Map.of("AGENT_SECRET", SECRET),
                System.out, new PrintStream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("bollard: --ttl: "));
    }

    @Test
    void unknownCommandIsRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, Bollard.run(new String[]{"frobnicate"}, Map.of(), System.out, new PrintStream(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }
}
