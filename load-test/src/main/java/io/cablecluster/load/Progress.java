package io.cablecluster.load;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** One status line per tick on stderr, so a long run shows it is alive and where it stands. */
final class Progress {
  private Progress() {
  }

  static void line(String scenario, String text) {
    System.err.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " [" + scenario + "] " + text);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
