package io.cablecluster.testkit;

import io.cablecluster.core.Secrets;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Channel identifiers and the server's fixed frames about them, built the way a Rails client builds
 * them. Signing is done here again (Rails MessageVerifier, SHA256) rather than borrowed from the gateway,
 * so black-box tests do not share the code they check.
 */
public final class Identifiers {
  private Identifiers() {
  }

  /** A public {@code $pubsub} stream. */
  public static String pubsub(String stream) {
    return channel("$pubsub", new JsonObject().put("stream_name", stream));
  }

  /** A signed {@code $pubsub} stream. */
  public static String signedPubsub(String stream, String secret) {
    return channel("$pubsub", new JsonObject().put("signed_stream_name", sign(stream, secret)));
  }

  /** Rails {@code MessageVerifier} with SHA256 and the JSON serializer: {@code base64(json)--hexHmac}. */
  public static String sign(String stream, String secret) {
    String encoded = Base64.getEncoder().encodeToString(Json.encode(stream).getBytes(StandardCharsets.UTF_8));
    return encoded + "--" + Secrets.hmacHex(secret, encoded);
  }

  public static String channel(String name) {
    return channel(name, new JsonObject());
  }

  /** {@code {"channel": name, ...params}}, channel first, as Action Cable JS encodes it. */
  public static String channel(String name, JsonObject params) {
    JsonObject identifier = new JsonObject().put("channel", name);
    params.forEach(e -> identifier.put(e.getKey(), e.getValue()));
    return identifier.encode();
  }

  public static JsonObject confirmation(String identifier) {
    return new JsonObject().put("identifier", identifier).put("type", "confirm_subscription");
  }

  public static JsonObject rejection(String identifier) {
    return new JsonObject().put("identifier", identifier).put("type", "reject_subscription");
  }

  /** A data frame as the server sends it to a subscriber of {@code identifier}. */
  public static JsonObject message(String identifier, Object message) {
    return new JsonObject().put("identifier", identifier).put("message", message);
  }
}
