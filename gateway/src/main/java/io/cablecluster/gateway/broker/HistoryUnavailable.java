package io.cablecluster.gateway.broker;

/**
 * A history request that cannot be answered from a position: the epoch is not one this broker assigned
 * (the stream restarted or was numbered elsewhere), or the offset is outside what is kept.
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
