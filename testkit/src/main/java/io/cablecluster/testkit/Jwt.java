package io.cablecluster.testkit;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 tokens signed with a node's key, with any header and claims (also ones a real issuer never writes). */
public final class Jwt {
  private Jwt() {
  }

  /** Header {@code {"alg":"HS256","typ":"JWT"}}. */
  public static String hs256(String key, JsonObject claims) {
    return hs256(key, new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims);
  }

  public static String hs256(String key, JsonObject header, JsonObject claims) {
    Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
    String signingInput = url.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + url.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + url.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
