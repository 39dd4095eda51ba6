package io.cablecluster.node.hostile;

import io.cablecluster.testkit.Jwt;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableNodeExtension;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hardening row 10: a validly signed JWT whose {@code exp}, {@code nbf} or {@code iat} is not a number used
 * to leave the socket open with neither welcome nor disconnect. As golang-jwt v5 refuses such a token
 * (v3.2.2, pinned by AnyCable-Go 1.x, would ignore the claim), the answer is the {@code unauthorized}
 * disconnect, a close, and a failed auth.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JwtClaimTypesTest {
  static final String SECRET = "qwerty";
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("secret", SECRET, "jwt_param", "token",
      "metrics_http", "/metrics"));

  /** An HS256 token signed with the node's secret, with any claims (also ones a normal issuer would not write). */
  static String token(JsonObject claims) {
    return Jwt.hs256(SECRET, claims);
  }

  static long inAMinute() {
    return System.currentTimeMillis() / 1000 + 60;
  }

  static final JsonObject UNAUTHORIZED = new JsonObject().put("type", "disconnect").put("reason", "unauthorized")
      .put("reconnect", false);

  void assertUnauthorizedAndClosed(JsonObject claims) {
    double failedBefore = Metrics.value(cable.node(), "failed_auths_total");
    try (CableClient client = cable.node().connect("/cable?token=" + token(claims))) {
      assertEquals(UNAUTHORIZED, client.receiveAny(), claims.encode());
      assertEquals((short) 1000, client.awaitClose().code(), claims.encode());
    }
    assertEquals(failedBefore + 1, Metrics.value(cable.node(), "failed_auths_total"), claims.encode());
  }

  @Test
  @DisplayName("Verifies that a signed token with a string exp gets the unauthorized disconnect, a close, and a failed auth")
  void stringExpIsUnauthorized() {
    assertUnauthorizedAndClosed(new JsonObject().put("ext", "{\"user_id\":42}").put("exp", String.valueOf(inAMinute())));
  }

  @Test
  @DisplayName("Verifies that a signed token whose exp, nbf or iat is a string, null or boolean is unauthorized every time")
  void everyNonNumericDateClaimIsUnauthorized() {
    for (String claim : List.of("exp", "nbf", "iat")) {
      for (Object value : Arrays.asList("soon", null, true)) {
        JsonObject claims = new JsonObject().put("ext", "{}").put(claim, value);
        if (!"exp".equals(claim)) {
          claims.put("exp", inAMinute());
        }
        assertUnauthorizedAndClosed(claims);
      }
    }
  }

  @Test
  @DisplayName("Verifies that a signed token with numeric exp, nbf and iat is still welcomed")
  void numericDateClaimsAreWelcomed() {
    long now = System.currentTimeMillis() / 1000;
    String valid = token(new JsonObject().put("ext", "{}").put("exp", now + 60).put("nbf", now - 60).put("iat", now - 60));
    try (CableClient client = cable.node().connect("/cable?token=" + valid)) {
      assertEquals("welcome", client.receiveAny().getString("type"));
    }
  }
}
