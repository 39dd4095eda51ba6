package io.cablecluster.core.streams;

/**
 * A history request that cannot be answered from a position: the epoch is not the stream's current one (the
 * stream's history was lost or expired and numbering started again), or the offset is outside what is kept.
 */
public final class HistoryUnavailable extends RuntimeException {
  private final boolean unknownEpoch;

  public HistoryUnavailable(boolean unknownEpoch) {
    super(unknownEpoch ? "unknown epoch" : "offset not covered", null, false, false);
    this.unknownEpoch = unknownEpoch;
  }

  public boolean unknownEpoch() {
    return unknownEpoch;
  }
}
