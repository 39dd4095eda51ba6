package io.cablecluster.gateway.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.cablecluster.gateway.identity.JwtIdentifier.Expired;
import io.cablecluster.gateway.identity.JwtIdentifier.Identified;
import io.cablecluster.gateway.identity.JwtIdentifier.Invalid;
import io.cablecluster.gateway.identity.JwtIdentifier.Outcome;
import io.cablecluster.gateway.identity.jwks.JwksKeys;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.testkit.IdpKey;
import io.cablecluster.testkit.Jwt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tokens from an identity provider against a fixed JWKS: algorithms, signatures, claims, identifiers. */
@ExtendWith(VertxExtension.class)
class JwksIdentifierTest {
  private static final IdpKey RSA = IdpKey.rsa("rsa-1");
  private static final IdpKey EC = IdpKey.ec("ec-1");
  private static final long NOW = 1_900_000_000L;
  private final JwksKeys keys = new JwksKeys(() -> Future.succeededFuture(new JsonObject()
      .put("keys", new JsonArray().add(RSA.jwk()).add(EC.jwk())).toBuffer()), System::nanoTime, 0, Long.MAX_VALUE,
      e -> { });
  private final JwksIdentifier identifier = new JwksIdentifier(keys, "https://idp.test/", "dashboard",
      claims("user", "sub", "org", "org_id"), () -> NOW);

  private static Map<String, String> claims(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  private static JsonObject valid() {
    return new JsonObject().put("iss", "https://idp.test/").put("aud", new JsonArray().add("other").add("dashboard"))
        .put("sub", "auth0|42").put("org_id", 7).put("exp", NOW + 60).put("nbf", NOW - 60).put("iat", NOW - 60);
  }

  private Outcome identify(String token) {
    return Await.result(identifier.identify(token));
  }

  @Test
  @DisplayName("Verifies that RS256 and ES256 tokens are identified by the mapped claims")
  void rs256AndEs256TokensAreIdentifiedByMappedClaims() {
    assertEquals(new Identified("{\"user\":\"auth0|42\",\"org\":7}"), identify(RSA.sign(valid())));
    assertEquals(new Identified("{\"user\":\"auth0|42\",\"org\":7}"), identify(EC.sign(valid())));
  }

  @Test
  @DisplayName("Verifies that a string ext claim wins over the mapping, as in AnyCable's own tokens")
  void extClaimWinsOverMapping() {
    assertEquals(new Identified("{\"user_id\":1}"), identify(EC.sign(valid().put("ext", "{\"user_id\":1}"))));
  }

  @Test
  @DisplayName("Verifies that expired tokens are token_expired and not-yet-valid, foreign-issuer, wrong-audience or unmapped tokens invalid")
  void claimChecks() {
    assertInstanceOf(Expired.class, identify(RSA.sign(valid().put("exp", NOW))));
    assertInstanceOf(Invalid.class, identify(RSA.sign(valid().put("nbf", NOW + 10))));
    assertInstanceOf(Invalid.class, identify(RSA.sign(valid().put("iss", "https://evil.test/"))));
    assertInstanceOf(Invalid.class, identify(RSA.sign(valid().put("iss", 1))));
    JsonObject noIssuer = valid();
    noIssuer.remove("iss");
    assertInstanceOf(Invalid.class, identify(RSA.sign(noIssuer)));
    assertInstanceOf(Invalid.class, identify(RSA.sign(valid().put("aud", "other"))));
    assertInstanceOf(Invalid.class, identify(RSA.sign(valid().put("aud", new JsonArray()))));
    JsonObject noOrg = valid();
    noOrg.remove("org_id");
    assertInstanceOf(Invalid.class, identify(RSA.sign(noOrg)));
    assertInstanceOf(Invalid.class, identify(RSA.sign(valid().put("sub", new JsonObject()))));
    assertInstanceOf(Invalid.class, identify(RSA.sign(valid().put("exp", "never"))));
  }

  @Test
  @DisplayName("Verifies that alg none, HS256 signed with the public key, and a key used for the other algorithm are refused")
  void algorithmConfusionIsRefused() {
    JsonObject claims = valid();
    assertInstanceOf(Invalid.class, identify(IdpKey.unsigned(new JsonObject().put("alg", "none").put("kid", "rsa-1"),
        claims)));
    assertInstanceOf(Invalid.class, identify(IdpKey.unsigned(new JsonObject().put("alg", "RS256").put("kid", "rsa-1"),
        claims)), "an empty signature");
    for (String publicKeyAsSecret : new String[] {RSA.jwk().encode(), RSA.jwk().getString("n"), EC.jwk().encode()}) {
      assertInstanceOf(Invalid.class, identify(Jwt.hs256(publicKeyAsSecret,
          new JsonObject().put("alg", "HS256").put("kid", "rsa-1"), claims)));
    }
    String esWithRsaKid = EC.sign(new JsonObject().put("alg", "ES256").put("kid", "rsa-1"), claims);
    assertInstanceOf(Invalid.class, identify(esWithRsaKid));
    String rsWithEcKid = RSA.sign(new JsonObject().put("alg", "RS256").put("kid", "ec-1"), claims);
    assertInstanceOf(Invalid.class, identify(rsWithEcKid));
    assertInstanceOf(Invalid.class, identify(EC.signDer(claims)), "ES256 signatures are raw R||S, never DER");
    assertInstanceOf(Invalid.class, identify(RSA.sign(new JsonObject().put("alg", "RS256").put("kid", "rsa-1")
        .put("crit", new JsonArray().add("b64")), claims)));
  }

  @Test
  @DisplayName("Verifies that tokens naming no key or an unpublished one, and text that is no token, are invalid")
  void unknownKeysAndGarbageAreInvalid() {
    assertInstanceOf(Invalid.class, identify(RSA.sign(new JsonObject().put("alg", "RS256"), valid())));
    assertInstanceOf(Invalid.class, identify(IdpKey.rsa("unpublished").sign(valid())));
    assertInstanceOf(Invalid.class, identify("garbage"));
    assertInstanceOf(Invalid.class, identify("a.b.c"));
    assertInstanceOf(Invalid.class, identify("x".repeat(TokenParts.MAX_TOKEN_LENGTH + 1)));
  }

  @Test
  @DisplayName("Verifies that with both an HMAC secret and a JWKS, HS256 tokens go to the secret and RS256 tokens to the JWKS")
  void bothVerifiersEachTakeTheirOwnAlgorithms(Vertx vertx) {
    TokenIdentifier both = TokenIdentifier.byAlgorithm(new JwtIdentifier(vertx, "s3cr3t"), identifier);
    JsonObject hs = new JsonObject().put("ext", "{\"hs\":1}").put("exp", System.currentTimeMillis() / 1000 + 60);
    assertEquals(new Identified("{\"hs\":1}"), Await.result(both.identify(Jwt.hs256("s3cr3t", hs))));
    assertEquals(new Identified("{\"user\":\"auth0|42\",\"org\":7}"), Await.result(both.identify(RSA.sign(valid()))));
    assertInstanceOf(Invalid.class, Await.result(both.identify(Jwt.hs256(RSA.jwk().encode(),
        new JsonObject().put("alg", "HS256").put("kid", "rsa-1"), hs))));
  }
}
