package io.cablecluster.core;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** AnyCable's key derivation: an explicit key wins, else hex HMAC-SHA256(secret, purpose); "none" disables. */
public final class Secrets {
  private Secrets() {
  }

  /** Returns the effective key, or null when there is none (or it is disabled with "none"). */
  public static String derive(String explicitKey, String secret, String purpose) {
    if (explicitKey != null && !explicitKey.isEmpty()) {
      return "none".equals(explicitKey) ? null : explicitKey;
    }
    if (secret == null || secret.isEmpty() || "none".equals(secret)) {
      return null;
    }
    return hmacHex(secret, purpose);
  }

  public static String hmacHex(String key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return toHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** Compares in time independent of where the inputs differ. */
  public static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String toHex(byte[] bytes) {
    StringBuilder hex = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }
}
