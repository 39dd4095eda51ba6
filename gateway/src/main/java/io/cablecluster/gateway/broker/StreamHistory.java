package io.cablecluster.gateway.broker;

import io.cablecluster.core.Broadcast;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last messages of one stream on this node, with their positions. The epoch is fixed for the life of
 * this object: when a stream's history expires and starts again, it gets a new epoch, so no client can
 * mistake new offsets for old ones.
 */
final class StreamHistory {
  private record Entry(Broadcast broadcast, long storedAtMillis) {
  }

  final String epoch;
  private final int limit;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  /** Idempotency keys of the last {@code limit} keyed broadcasts, with the position each got. */
  private final Map<String, Broadcast> recentKeys;
  private long lastOffset;
  private long lastTouchedMillis;

  StreamHistory(String epoch, int limit) {
    this.epoch = epoch;
    this.limit = limit;
    this.recentKeys = new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Broadcast> eldest) {
        return size() > limit;
      }
    };
  }

  synchronized Broker.Published append(Broadcast broadcast, String idempotencyKey, long nowMillis) {
    if (idempotencyKey != null) {
      Broadcast seen = recentKeys.get(idempotencyKey);
      if (seen != null) {
        return new Broker.Published(seen, false);
      }
    }
    Broadcast positioned = broadcast.withPosition(epoch, ++lastOffset);
    entries.addLast(new Entry(positioned, nowMillis));
    while (entries.size() > limit) {
      entries.removeFirst();
    }
    if (idempotencyKey != null) {
      recentKeys.put(idempotencyKey, positioned);
    }
    lastTouchedMillis = nowMillis;
    return new Broker.Published(positioned, true);
  }

  synchronized StreamPosition position() {
    return new StreamPosition(epoch, lastOffset);
  }

  /** Drops entries older than the cutoff; true when nothing is left and the stream can be forgotten. */
  synchronized boolean expire(long cutoffMillis) {
    while (!entries.isEmpty() && entries.peekFirst().storedAtMillis() < cutoffMillis) {
      entries.removeFirst();
    }
    return entries.isEmpty() && lastTouchedMillis < cutoffMillis;
  }

  /** Messages after an offset of this epoch; null when that offset is no longer (or not yet) covered. */
  synchronized List<Broadcast> after(long offset) {
    if (offset > lastOffset) {
      return null;
    }
    long oldest = entries.isEmpty() ? lastOffset + 1 : entries.peekFirst().broadcast().offset();
    if (offset < oldest - 1) {
      return null;
    }
    List<Broadcast> result = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.broadcast().offset() > offset) {
        result.add(entry.broadcast());
      }
    }
    return result;
  }

  /** Messages stored at or after a time. */
  synchronized List<Broadcast> since(long sinceMillis) {
    List<Broadcast> result = new ArrayList<>();
    for (Iterator<Entry> it = entries.iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (entry.storedAtMillis() >= sinceMillis) {
        result.add(entry.broadcast());
      }
    }
    return result;
  }
}
