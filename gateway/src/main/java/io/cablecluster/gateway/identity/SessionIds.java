package io.cablecluster.gateway.identity;

import java.security.SecureRandom;

/** Session ids: the client's X-Request-ID when given, else a random 21-character nanoid. */
public final class SessionIds {
  private static final char[] ALPHABET =
      "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionIds() {
  }

  public static String next(String requestId) {
    if (requestId != null && !requestId.isBlank() && requestId.length() <= 255) {
      return requestId;
    }
    byte[] bytes = new byte[21];
    RANDOM.nextBytes(bytes);
    char[] id = new char[21];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[bytes[i] & 63];
    }
    return new String(id);
  }
}
