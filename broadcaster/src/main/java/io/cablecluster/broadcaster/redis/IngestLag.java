package io.cablecluster.broadcaster.redis;

/**
 * How far behind the Redis stream readers are, for the status page: the age of the newest entry of the last
 * batch read (now minus the milliseconds of its Redis id, so it assumes Redis's clock and ours roughly agree),
 * and when that batch was read. Written on the ingestion's event loop, read from any.
 */
public final class IngestLag {
  private volatile long lagMillis = -1;
  private volatile long readAtMillis = -1;

  /** A batch was read; {@code entryId} is its newest entry's id ({@code <ms>-<seq>}). */
  void read(String entryId) {
    int dash = entryId.indexOf('-');
    try {
      long createdAt = Long.parseLong(dash > 0 ? entryId.substring(0, dash) : entryId);
      long now = System.currentTimeMillis();
      lagMillis = Math.max(0, now - createdAt);
      readAtMillis = now;
    } catch (NumberFormatException notAnId) {
      // Redis assigns every id; one that does not parse tells us nothing about lag.
    }
  }

  /** Milliseconds, or null before the first entry. */
  public Long lagMillis() {
    long lag = lagMillis;
    return lag < 0 ? null : lag;
  }

  public Long readAtMillis() {
    long at = readAtMillis;
    return at < 0 ? null : at;
  }
}
