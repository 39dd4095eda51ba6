package io.cablecluster.node.conformance;

import io.cablecluster.testkit.Jwt;
import io.cablecluster.core.Secrets;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** What anycable-rb issues: HS256 identification tokens and MessageVerifier-signed stream names (§e, §f). */
final class Tokens {
  private Tokens() {
  }

  /** anycable-rb {@code AnyCable::JWT.encode}: header {"alg":"HS256"}, payload {ext, exp}. */
  static String jwt(String secret, String identifiersJson, long expiresAtSeconds) {
    return Jwt.hs256(secret, new JsonObject().put("alg", "HS256"),
        new JsonObject().put("ext", identifiersJson).put("exp", expiresAtSeconds));
  }

  static long inSeconds(long seconds) {
    return System.currentTimeMillis() / 1000 + seconds;
  }

  /** Rails MessageVerifier (SHA256, JSON serializer): base64(JSON(stream)) + "--" + hex HMAC. */
  static String signedStream(String key, String stream) {
    String encoded = Base64.getEncoder().encodeToString(Json.encode(stream).getBytes(StandardCharsets.UTF_8));
    return encoded + "--" + Secrets.hmacHex(key, encoded);
  }
}
