package io.cablecluster.core.sweep;

import java.util.Iterator;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Walks a concurrent map a slice at a time, resuming where the last slice stopped, so a periodic expiry task
 * holds its event loop for a bounded time whatever the number of entries (a full pass over 100,000 streams
 * in one task would stall every connection on that loop). Used from one timer only: not thread-safe itself,
 * while the map it walks may change concurrently (weakly consistent iteration).
 */
public final class SlicedSweep<K, V> {
  private final Map<K, V> entries;
  private Iterator<Map.Entry<K, V>> cursor;

  public SlicedSweep(Map<K, V> entries) {
    this.entries = entries;
  }

  /** Hands up to {@code max} entries to {@code visit}; at most one full pass per call. */
  public void slice(int max, BiConsumer<K, V> visit) {
    boolean restarted = false;
    for (int seen = 0; seen < max; seen++) {
      if (cursor == null || !cursor.hasNext()) {
        if (restarted) {
          return;
        }
        cursor = entries.entrySet().iterator();
        restarted = true;
        if (!cursor.hasNext()) {
          return;
        }
      }
      Map.Entry<K, V> entry = cursor.next();
      visit.accept(entry.getKey(), entry.getValue());
    }
  }
}
