package io.cablecluster.gateway.identity.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cablecluster.testkit.IdpKey;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a JWKS document may hold: usable signing keys, skipped ones, and documents refused as a whole. */
class JwkSetTest {
  private static final IdpKey RSA = IdpKey.rsa("rsa");
  private static final IdpKey EC = IdpKey.ec("ec");

  private static Buffer document(Object... keys) {
    return new JsonObject().put("keys", new JsonArray(java.util.List.of(keys))).toBuffer();
  }

  @Test
  @DisplayName("Verifies that RSA and P-256 signing keys are read and each is bound to its one algorithm")
  void signingKeysAreBoundToTheirAlgorithm() {
    Map<String, Jwk> keys = JwkSet.parse(document(RSA.jwk(), EC.jwk()));
    assertEquals("RS256", keys.get("rsa").alg());
    assertEquals("ES256", keys.get("ec").alg());
  }

  @Test
  @DisplayName("Verifies that symmetric, encryption, kid-less, short RSA, other-curve and other-algorithm keys are skipped")
  void unusableKeysAreSkipped() {
    Map<String, Jwk> keys = JwkSet.parse(document(
        new JsonObject().put("kty", "oct").put("kid", "hmac").put("k", "c2VjcmV0"),
        RSA.jwk().put("kid", "enc").put("use", "enc"),
        RSA.jwk().copy().put("kid", "ps").put("alg", "PS256"),
        EC.jwk().copy().put("kid", "p384").put("crv", "P-384"),
        RSA.jwk().copy().put("kid", "short").put("n", "AQAB"),
        new JsonObject().put("kty", "RSA").put("n", RSA.jwk().getString("n")).put("e", "AQAB"),
        EC.jwk()));
    assertEquals(Set.of("ec"), keys.keySet());
  }

  @Test
  @DisplayName("Verifies that garbage, deep nesting, too many keys and malformed keys refuse the whole document")
  void badDocumentsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> JwkSet.parse(Buffer.buffer("<html>")));
    assertThrows(IllegalArgumentException.class, () -> JwkSet.parse(Buffer.buffer("{\"keys\":{}}")));
    assertThrows(IllegalArgumentException.class, () -> JwkSet.parse(Buffer.buffer("{\"keys\":" + "[".repeat(100)
        + "]".repeat(100) + "}")));
    Object[] many = new Object[JwkSet.MAX_KEYS + 1];
    for (int i = 0; i < many.length; i++) {
      many[i] = EC.jwk().copy().put("kid", "k" + i);
    }
    assertThrows(IllegalArgumentException.class, () -> JwkSet.parse(document(many)));
    assertThrows(IllegalArgumentException.class, () -> JwkSet.parse(document(EC.jwk().copy().put("x", "AAAA"))));
    assertThrows(IllegalArgumentException.class, () -> JwkSet.parse(document(EC.jwk().copy()
        .put("y", EC.jwk().getString("x")))), "a point off the curve");
    assertThrows(IllegalArgumentException.class, () -> JwkSet.parse(document("not an object")));
  }
}
