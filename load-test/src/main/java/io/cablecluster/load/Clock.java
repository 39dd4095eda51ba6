package io.cablecluster.load;

import java.time.Instant;

/** Wall-clock microseconds: comparable between the sampler and client processes on one machine. */
final class Clock {
  private Clock() {
  }

  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  /** The decimal number starting at {@code from} (after optional spaces); -1 if there is none. */
  static long parseLong(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    long value = 0;
    int start = i;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
      i++;
    }
    return i == start ? -1 : value;
  }
}
