package io.bollard.agent.it;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static io.bollard.agent.it.ErrorAssertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Every route but ping needs a valid HS256 token in the Authorization header; every other token is a JSON 401.
 */
class AuthIT {

    private static RunningAgent agent;

    @BeforeAll
    static void start() {
        // Many refusals from one address on purpose: keep the rate limit out of the way here (see RateLimitIT).
        agent = RunningAgent.start(java.util.Map.of("AGENT_AUTH_MAX_FAILURES", "100000"));
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @Test
    void pingNeedsNoToken() {
        HttpResponse<String> r = agent.send(HttpRequest.newBuilder(agent.uri("/agent/ping")).build());
        assertEquals(200, r.statusCode());
        assertEquals("ok", RunningAgent.json(r).path("status").asText());
    }

    @Test
    void validTokenIsAccepted() {
        assertEquals(200, agent.get("/agent/info").statusCode());
        assertEquals(200, agent.get("/agent/docker/containers").statusCode());
    }

    @Test
    void tokenWithoutSubjectIsAccepted() throws Exception {
        assertEquals(200, call(sign(agent.secret(), new JWTClaimsSet.Builder()
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).build())).statusCode());
    }

    @Test
    void missingTokenIsRefused() {
        assertError(agent.send(HttpRequest.newBuilder(agent.uri("/agent/info")).build()), 401, "unauthorized");
        assertError(agent.send(HttpRequest.newBuilder(agent.uri("/agent/docker/containers")).build()), 401,
                "unauthorized");
    }

    @Test
    void malformedTokensAreRefused() {
        assertError(call("not-a-jwt"), 401, "unauthorized");
        assertError(call("a.b.c"), 401, "unauthorized");
        assertError(agent.send(HttpRequest.newBuilder(agent.uri("/agent/info"))
                .header("Authorization", "Basic dXNlcjpwYXNz").build()), 401, "unauthorized");
    }

    @Test
    void wrongSignatureIsRefused() throws Exception {
        String other = "another-secret-that-is-long-enough-for-hs256!!";
        assertError(call(sign(other, valid().build())), 401, "unauthorized");
    }

    @Test
    void unsignedTokenIsRefused() {
        String none = new PlainJWT(valid().build()).serialize();
        assertError(call(none), 401, "unauthorized");
    }

    @Test
    void expiredTokenIsRefused() throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("it")
                .expirationTime(Date.from(Instant.now().minusSeconds(120))).build();
        assertError(call(sign(agent.secret(), claims)), 401, "unauthorized");
    }

    @Test
    void clocksMayDifferByThirtySeconds() throws Exception {
        JWTClaimsSet justExpired = new JWTClaimsSet.Builder().subject("it")
                .expirationTime(Date.from(Instant.now().minusSeconds(5))).build();
        assertEquals(200, call(sign(agent.secret(), justExpired)).statusCode());
        JWTClaimsSet almostValid = valid().notBeforeTime(Date.from(Instant.now().plusSeconds(10))).build();
        assertEquals(200, call(sign(agent.secret(), almostValid)).statusCode());
    }

    @Test
    void aMalformedUrlIsA400NotAFailedAuthentication() throws Exception {
        // The JDK's client will not send such a URL, so it goes over a bare TLS socket.
        for (String path : List.of("/agent/docker/containers/%zz", "/agent/docker/containers?all=%zz")) {
            assertEquals(400, rawStatus(path, agent.token()), path);
        }
        assertEquals(404, agent.send(HttpRequest.newBuilder(agent.uri("/")).build()).statusCode(),
                "nothing is served at /");
    }

    @Test
    void aWellSignedTokenWithClaimsOfTheWrongTypeIsRefused() throws Exception {
        for (String claim : List.of("exp", "nbf", "iat")) {
            JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("it")
                    .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim(claim, "abc").build();
            assertError(call(sign(agent.secret(), claims)), 401, "unauthorized");
        }
    }

    @Test
    void aUrlOrHeadersTooLongAre414And431NotATooLargeBody() {
        assertError(agent.send(agent.authed("/agent/docker/containers?x=" + "a".repeat(20_000)).build()), 414,
                "uri_too_long");
        assertError(agent.send(agent.authed("/agent/docker/containers").header("X-Big", "a".repeat(40_000)).build()),
                431, "headers_too_large");
    }

    @Test
    void tokenWithoutExpiryIsRefused() throws Exception {
        assertError(call(sign(agent.secret(), new JWTClaimsSet.Builder().subject("it").build())), 401, "unauthorized");
    }

    @Test
    void notYetValidTokenIsRefused() throws Exception {
        JWTClaimsSet claims = valid().notBeforeTime(Date.from(Instant.now().plusSeconds(600))).build();
        assertError(call(sign(agent.secret(), claims)), 401, "unauthorized");
    }

    @Test
    void tokenInQueryStringIsIgnored() {
        String token = agent.token();
        for (String param : new String[]{"access_token", "token", "jwt", "authorization"}) {
            assertError(agent.send(HttpRequest.newBuilder(agent.uri("/agent/info?" + param + "=" + token)).build()),
                    401, "unauthorized");
        }
    }

    @Test
    void unknownRouteIsJson404ForAuthenticatedCaller() {
        assertError(agent.get("/agent/no-such-route"), 404, "not_found");
    }

    @Test
    void aWebPagesRequestToTheLoopbackAddressIsARefusalInTheErrorShape() {
        // Micronaut's guard against drive-by requests from web pages answers itself; the answer still has a body.
        for (HttpRequest.Builder request : List.of(HttpRequest.newBuilder(agent.uri("/agent/ping")),
                agent.authed("/agent/info"))) {
            HttpResponse<String> r = agent.send(request.header("Origin", "https://pages.example").build());
            assertError(r, 403, "forbidden");
            assertEquals("requests that carry a web page's Origin to the agent on a loopback address are refused",
                    RunningAgent.json(r).path("message").asText());
        }
    }

    @Test
    void anErrorMessageNeverRepeatsTheQueryString() {
        HttpResponse<String> r = agent.send(agent.authed("/agent/docker/images?access_token=not-to-be-echoed")
                .method("DELETE", HttpRequest.BodyPublishers.noBody()).build());
        assertError(r, 405, "method_not_allowed");
        assertFalse(r.body().contains("not-to-be-echoed"), r.body());
        assertTrue(r.body().contains("/agent/docker/images"), r.body());
        HttpResponse<String> bracket = agent.send(agent.authed("/agent/info?f=%5B1%5D&token=also-not-echoed")
                .method("POST", HttpRequest.BodyPublishers.noBody()).build());
        assertError(bracket, 405, "method_not_allowed");
        assertFalse(bracket.body().contains("also-not-echoed"), bracket.body());
    }

    @Test
    void unknownRouteIs401ForAnonymousCaller() {
        assertError(agent.send(HttpRequest.newBuilder(agent.uri("/agent/no-such-route")).build()), 401,
                "unauthorized");
    }

    private static int rawStatus(String target, String token) throws Exception {
        javax.net.ssl.SSLContext tls = RunningAgent.trusting(agent.dataDir().resolve("certs/agent-cert.pem"));
        try (java.net.Socket socket = tls.getSocketFactory().createSocket("localhost", agent.port())) {
            socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static JWTClaimsSet.Builder valid() {
        return new JWTClaimsSet.Builder().subject("it").expirationTime(Date.from(Instant.now().plusSeconds(300)));
    }

    private static String sign(String secret, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    private static HttpResponse<String> call(String token) {
        return agent.send(HttpRequest.newBuilder(agent.uri("/agent/info"))
                .header("Authorization", "Bearer " + token).build());
    }
}
