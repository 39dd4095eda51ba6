package io.cablecluster.gateway.channels;

import io.cablecluster.core.Secrets;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Rails MessageVerifier (SHA256, JSON serializer) signed stream names, as AnyCable verifies them. */
public final class SignedStreams {
  private SignedStreams() {
  }

  /** The stream name, or null when the signature or the payload is not valid. */
  public static String verify(String signed, String key) {
    if (signed == null || key == null) {
      return null;
    }
    String[] parts = signed.split("--", -1);
    if (parts.length != 2 || !Secrets.constantTimeEquals(Secrets.hmacHex(key, parts[0]), parts[1])) {
      return null;
    }
    byte[] decoded;
    try {
      decoded = parts[0].indexOf('-') >= 0 || parts[0].indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(parts[0]) : Base64.getDecoder().decode(parts[0]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    try {
      return Json.decodeValue(new String(decoded, StandardCharsets.UTF_8)) instanceof String stream ? stream : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  public static String sign(String stream, String key) {
    String encoded = Base64.getEncoder().encodeToString(Json.encode(stream).getBytes(StandardCharsets.UTF_8));
    return encoded + "--" + Secrets.hmacHex(key, encoded);
  }
}
