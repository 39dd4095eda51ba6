package io.cablecluster.gateway.identity;

import java.security.SecureRandom;

/**
 * Session ids: always generated here, a random 21-character nanoid (126 random bits), so they are unique
 * cluster-wide without coordination. A sid is a session-restore credential and the key remote commands
 * and logs use, so a client must never choose it: AnyCable-Go takes the client's {@code X-Request-ID} as
 * the sid, which let one client reuse a sid on many sockets (README, "Protocol notes").
 */
public final class SessionIds {
  private static final char[] ALPHABET =
      "_-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
  private static final int LENGTH = 21;
  private static final SecureRandom RANDOM = new SecureRandom();

  private SessionIds() {
  }

  public static String next() {
    byte[] bytes = new byte[LENGTH];
    RANDOM.nextBytes(bytes);
    char[] id = new char[LENGTH];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET[bytes[i] & 63];
    }
    return new String(id);
  }
}
