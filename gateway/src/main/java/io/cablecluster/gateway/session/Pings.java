package io.cablecluster.gateway.session;

/** Ping timestamps in the configured precision. */
final class Pings {
  private Pings() {
  }

  static long timestamp(String precision) {
    long millis = System.currentTimeMillis();
    switch (precision) {
      case "ms":
        return millis;
      case "ns":
        return millis * 1_000_000L;
      default:
        return millis / 1000L;
    }
  }
}
