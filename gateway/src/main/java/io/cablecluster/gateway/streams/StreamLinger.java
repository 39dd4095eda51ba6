package io.cablecluster.gateway.streams;

import io.cablecluster.core.config.Option;
import io.cablecluster.core.config.Settings;

/**
 * How long a stream stays open on a node after its last subscriber left, and how many such streams a node
 * keeps at most (beyond that a stream closes at once). Resubscribing within the linger costs nothing at the
 * stream's home; the streams that do close are told to their homes together.
 */
public record StreamLinger(long millis, int maxStreams) {
  public static final StreamLinger NONE = new StreamLinger(0, 0);

  public static final Option<Integer> STREAM_LINGER = Option.integer("stream_linger", 5, 0, 3600,
      "seconds a stream stays followed by a node after its last subscriber there left (0: closes at once)");
  public static final Option<Integer> STREAM_LINGER_MAX = Option.integer("stream_linger_max", 10_000, 0,
      10_000_000, "streams a node keeps lingering at most; beyond that they close at once");

  public static StreamLinger from(Settings s) {
    return new StreamLinger(STREAM_LINGER.read(s) * 1000L, STREAM_LINGER_MAX.read(s));
  }

  /** The sweep runs four times per linger, so a stream closes at most a quarter of the linger late. */
  long sweepMillis() {
    return Math.max(100, millis / 4);
  }
}
