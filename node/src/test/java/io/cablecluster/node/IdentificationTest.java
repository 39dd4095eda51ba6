package io.cablecluster.node;

import io.cablecluster.testkit.Jwt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.CableNodeExtension;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JWT identification without RPC (AnyCable-Go's jwt and standalone features). */
class IdentificationTest {
  static final String SECRET = "qwerty";
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("secret", SECRET, "jwt_param", "token"));

  static String token(String ext, long exp, String key) {
    return token(new JsonObject().put("ext", ext).put("exp", exp), key);
  }

  static String token(JsonObject claims, String key) {
    return Jwt.hs256(key, claims);
  }

  static long inAMinute() {
    return System.currentTimeMillis() / 1000 + 60;
  }

  static JsonObject disconnect(String reason) {
    return new JsonObject().put("type", "disconnect").put("reason", reason).put("reconnect", false);
  }

  @Test
  @DisplayName("Verifies that valid token in query is welcomed")
  void validTokenInQueryIsWelcomed() {
    try (CableClient client = cable.node().connect("/cable?token=" + token("{\"user_id\":42}", inAMinute(), SECRET))) {
      assertEquals("welcome", client.receiveAny().getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that valid token in header is welcomed")
  void validTokenInHeaderIsWelcomed() {
    try (CableClient client = cable.node().connect(
        new CableClientOptions().header("x-token", token("{}", inAMinute(), SECRET)))) {
      assertEquals("welcome", client.receiveAny().getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that valid token as subprotocol is welcomed")
  void validTokenAsSubprotocolIsWelcomed() {
    // As @anycable/web sends it: the token rides beside the Action Cable protocol.
    try (CableClient client = cable.node().connect(
        new CableClientOptions().token(token("{}", inAMinute(), SECRET)))) {
      assertEquals("actioncable-v1-json", client.subProtocol());
      assertEquals("welcome", client.receiveAny().getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that expired token gets token expired without reconnect")
  void expiredTokenGetsTokenExpiredWithoutReconnect() {
    try (CableClient client = cable.node().connect("/cable?token=" + token("{}", 1_000_000L, SECRET))) {
      assertEquals(disconnect("token_expired"), client.receiveAny());
      assertEquals((short) 1000, client.awaitClose().code());
    }
  }

  @Test
  @DisplayName("Verifies that token signed with another key is unauthorized")
  void tokenSignedWithAnotherKeyIsUnauthorized() {
    try (CableClient client = cable.node().connect("/cable?token=" + token("{}", inAMinute(), "other"))) {
      assertEquals(disconnect("unauthorized"), client.receiveAny());
      client.awaitClose();
    }
  }

  @Test
  @DisplayName("Verifies that token not valid yet is unauthorized like AnyCable")
  void tokenNotValidYetIsUnauthorizedLikeAnyCable() {
    // golang-jwt (AnyCable-Go) refuses a future nbf as invalid, not as expired.
    String notYet = token(new JsonObject().put("ext", "{}").put("exp", inAMinute()).put("nbf", inAMinute() - 10), SECRET);
    try (CableClient client = cable.node().connect("/cable?token=" + notYet)) {
      assertEquals(disconnect("unauthorized"), client.receiveAny());
    }
  }

  @Test
  @DisplayName("Verifies that garbage token is unauthorized")
  void garbageTokenIsUnauthorized() {
    try (CableClient client = cable.node().connect("/cable?token=not.a.jwt")) {
      assertEquals(disconnect("unauthorized"), client.receiveAny());
    }
  }

  @Test
  @DisplayName("Verifies that connection without token and without RPC is unauthorized")
  void connectionWithoutTokenAndWithoutRpcIsUnauthorized() {
    try (CableClient client = cable.node().connect("/cable")) {
      assertEquals(disconnect("unauthorized"), client.receiveAny());
      assertEquals((short) 1000, client.awaitClose().code());
    }
  }
}
