package io.cablecluster.core.streams;

import java.security.SecureRandom;

/** New stream epochs: short random ids, as AnyCable-Go's memory broker makes them. */
public final class Epochs {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Epochs() {
  }

  public static String next() {
    char[] id = new char[6];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return new String(id);
  }
}
