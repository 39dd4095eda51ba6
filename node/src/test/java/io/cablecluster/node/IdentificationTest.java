package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.core.testing.CableTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** JWT identification without RPC (AnyCable-Go's jwt and standalone features). */
class IdentificationTest {
  static final String SECRET = "qwerty";
  static TestNode node;

  @BeforeAll
  static void startNode() {
    node = TestNode.start(Map.of("secret", SECRET, "jwt_param", "token"));
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  static String token(String ext, long exp, String key) {
    return token(new JsonObject().put("ext", ext).put("exp", exp), key);
  }

  static String token(JsonObject claims, String key) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));
      return header + "." + payload + "." + signature;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static long inAMinute() {
    return System.currentTimeMillis() / 1000 + 60;
  }

  static JsonObject disconnect(String reason) {
    return new JsonObject().put("type", "disconnect").put("reason", reason).put("reconnect", false);
  }

  @Test
  void validTokenInQueryIsWelcomed() {
    try (CableTestClient client = node.connect("/cable?token=" + token("{\"user_id\":42}", inAMinute(), SECRET))) {
      assertEquals("welcome", client.nextAny().getString("type"));
    }
  }

  @Test
  void validTokenInHeaderIsWelcomed() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("x-token", token("{}", inAMinute(), SECRET));
    try (CableTestClient client = node.connect("/cable", List.of("actioncable-v1-json"), headers)) {
      assertEquals("welcome", client.nextAny().getString("type"));
    }
  }

  @Test
  void validTokenAsSubprotocolIsWelcomed() {
    // As @anycable/web sends it: the token rides beside the Action Cable protocol.
    String protocol = "anycable-token." + token("{}", inAMinute(), SECRET);
    try (CableTestClient client = node.connect("/cable", List.of("actioncable-v1-json", protocol),
        MultiMap.caseInsensitiveMultiMap())) {
      assertEquals("actioncable-v1-json", client.subProtocol());
      assertEquals("welcome", client.nextAny().getString("type"));
    }
  }

  @Test
  void expiredTokenGetsTokenExpiredWithoutReconnect() {
    try (CableTestClient client = node.connect("/cable?token=" + token("{}", 1_000_000L, SECRET))) {
      assertEquals(disconnect("token_expired"), client.nextAny());
      assertEquals((short) 1000, client.awaitClose().code());
    }
  }

  @Test
  void tokenSignedWithAnotherKeyIsUnauthorized() {
    try (CableTestClient client = node.connect("/cable?token=" + token("{}", inAMinute(), "other"))) {
      assertEquals(disconnect("unauthorized"), client.nextAny());
      client.awaitClose();
    }
  }

  @Test
  void tokenNotValidYetIsUnauthorizedLikeAnyCable() {
    // golang-jwt (AnyCable-Go) refuses a future nbf as invalid, not as expired.
    String notYet = token(new JsonObject().put("ext", "{}").put("exp", inAMinute()).put("nbf", inAMinute() - 10), SECRET);
    try (CableTestClient client = node.connect("/cable?token=" + notYet)) {
      assertEquals(disconnect("unauthorized"), client.nextAny());
    }
  }

  @Test
  void garbageTokenIsUnauthorized() {
    try (CableTestClient client = node.connect("/cable?token=not.a.jwt")) {
      assertEquals(disconnect("unauthorized"), client.nextAny());
    }
  }

  @Test
  void connectionWithoutTokenAndWithoutRpcIsUnauthorized() {
    try (CableTestClient client = node.connect("/cable")) {
      assertEquals(disconnect("unauthorized"), client.nextAny());
      assertEquals((short) 1000, client.awaitClose().code());
    }
  }
}
