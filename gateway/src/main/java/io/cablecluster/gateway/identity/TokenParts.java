package io.cablecluster.gateway.identity;

import io.cablecluster.core.json.JsonDepth;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A compact JWS split into its decoded parts, or null for text that is not one (wrong number of parts,
 * not base64url, not JSON objects, deeper than {@link JsonDepth} allows, longer than {@link #MAX_TOKEN_LENGTH}).
 */
record TokenParts(JsonObject header, JsonObject claims, byte[] signingInput, byte[] signature) {
  /** Tokens travel in a header or the URL, which the HTTP front bounds already; this bounds the decoding here. */
  static final int MAX_TOKEN_LENGTH = 16 * 1024;

  static TokenParts parse(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH) {
      return null;
    }
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    JsonObject header = object(parts[0]);
    JsonObject claims = object(parts[1]);
    byte[] signature = bytes(parts[2]);
    if (header == null || claims == null || signature == null) {
      return null;
    }
    return new TokenParts(header, claims, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature);
  }

  /** The header's {@code alg} when it is a string, else null. */
  static String algorithm(String token) {
    if (token == null || token.length() > MAX_TOKEN_LENGTH) {
      return null;
    }
    int dot = token.indexOf('.');
    JsonObject header = dot < 0 ? null : object(token.substring(0, dot));
    return header != null && header.getValue("alg") instanceof String alg ? alg : null;
  }

  private static JsonObject object(String part) {
    byte[] bytes = bytes(part);
    if (bytes == null) {
      return null;
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    if (!JsonDepth.withinLimit(text)) {
      return null;
    }
    try {
      return new JsonObject(text);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static byte[] bytes(String part) {
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
