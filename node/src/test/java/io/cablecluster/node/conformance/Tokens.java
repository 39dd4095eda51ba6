package io.cablecluster.node.conformance;

import io.cablecluster.core.Secrets;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** What anycable-rb issues: HS256 identification tokens and MessageVerifier-signed stream names (§e, §f). */
final class Tokens {
  private Tokens() {
  }

  /** anycable-rb {@code AnyCable::JWT.encode}: header {"alg":"HS256"}, payload {ext, exp}. */
  static String jwt(String secret, String identifiersJson, long expiresAtSeconds) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String header = url.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
    String payload = url.encodeToString(new JsonObject().put("ext", identifiersJson).put("exp", expiresAtSeconds)
        .encode().getBytes(StandardCharsets.UTF_8));
    String signingInput = header + "." + payload;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + url.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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
