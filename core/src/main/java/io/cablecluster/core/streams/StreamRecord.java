package io.cablecluster.core.streams;

import io.cablecluster.core.Broadcast;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream's numbering and recent history, wherever it is kept (this node's memory, or the stream's home in
 * the cluster, where the same object is changed by the same calls on the owner and its backup). Every method
 * is deterministic in its arguments (time and a new epoch come from the caller), so replaying an append on a
 * backup gives the same result. The epoch is fixed for the life of the record: a stream whose record expired
 * or was lost starts again under a new epoch, so no client can mistake new offsets for old ones.
 */
public final class StreamRecord implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The outcome of an append: the message's position (null: not stored, too big) and whether it is new. */
  public record Appended(StreamPosition position, boolean fresh) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private record Entry(Broadcast broadcast, long storedAtMillis, int size) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  static final int REMEMBERED_IDS = 64;
  private final String epoch;
  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  /**
   * Ids of the last appended messages with their offsets: a retried append is answered, not stored again. A
   * retry comes within seconds, so the last {@link #REMEMBERED_IDS} are enough (and cost far less than one id
   * per kept message).
   */
  private final LinkedHashMap<String, Long> recentIds = new LinkedHashMap<>();
  private long lastOffset;
  /** A token the caller chose for the last append: two records with the same position and token agree. */
  private String lastAppend;
  private long lastTouchedMillis;
  private long bytes;

  public StreamRecord(String epoch) {
    this.epoch = epoch;
  }

  /** What a message costs in a record: its characters (data and stream name), the unit of every byte bound. */
  public static int sizeOf(Broadcast broadcast) {
    return broadcast.data().length() + broadcast.stream().length();
  }

  public String epoch() {
    return epoch;
  }

  /**
   * Numbers and stores a message. A repeated {@code id} answers the first position and stores nothing; a
   * message larger than the stream's byte bound is not stored and gets no position (no offset is spent on
   * it, so the offsets never have a hole).
   */
  public synchronized Appended append(Broadcast broadcast, String id, long nowMillis, HistoryLimits limits) {
    return append(broadcast, id, nowMillis, limits, null);
  }

  /** As {@link #append(Broadcast, String, long, HistoryLimits)}, remembering the caller's token for the append. */
  public synchronized Appended append(Broadcast broadcast, String id, long nowMillis, HistoryLimits limits,
                                      String token) {
    if (id != null) {
      Long seen = recentIds.get(id);
      if (seen != null) {
        return new Appended(new StreamPosition(epoch, seen), false);
      }
    }
    int size = sizeOf(broadcast);
    if (size > limits.maxBytesPerStream()) {
      return new Appended(null, true);
    }
    long offset = ++lastOffset;
    entries.addLast(new Entry(broadcast.withPosition(epoch, offset), nowMillis, size));
    bytes += size;
    long cutoff = nowMillis - limits.ttlMillis();
    while (!entries.isEmpty() && (entries.size() > limits.limit() || bytes > limits.maxBytesPerStream()
        || entries.peekFirst().storedAtMillis() < cutoff)) {
      bytes -= entries.removeFirst().size();
    }
    if (id != null) {
      recentIds.put(id, offset);
      Iterator<Map.Entry<String, Long>> eldest = recentIds.entrySet().iterator();
      while (recentIds.size() > Math.min(limits.limit(), REMEMBERED_IDS) && eldest.hasNext()) {
        eldest.next();
        eldest.remove();
      }
    }
    lastTouchedMillis = nowMillis;
    lastAppend = token;
    return new Appended(new StreamPosition(epoch, offset), true);
  }

  /** True when both records hold the same numbering: same epoch, same last offset, same last append. */
  public synchronized boolean sameAs(StreamRecord other) {
    synchronized (other) {
      return epoch.equals(other.epoch) && lastOffset == other.lastOffset
          && java.util.Objects.equals(lastAppend, other.lastAppend);
    }
  }

  public synchronized StreamPosition position() {
    return new StreamPosition(epoch, lastOffset);
  }

  /** Characters held by the stored messages. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Drops entries stored before the cutoff; true when nothing is left and the record can be forgotten. */
  public synchronized boolean expire(long cutoffMillis) {
    while (!entries.isEmpty() && entries.peekFirst().storedAtMillis() < cutoffMillis) {
      bytes -= entries.removeFirst().size();
    }
    return entries.isEmpty() && lastTouchedMillis < cutoffMillis;
  }

  /**
   * Messages after an offset of this record's epoch, stored at or after the cutoff; null when that offset is
   * not covered (older than the oldest kept, or never issued). Reads never change the record.
   */
  public synchronized List<Broadcast> after(long offset, long cutoffMillis) {
    if (offset < 0 || offset > lastOffset) {
      return null;
    }
    List<Broadcast> result = new ArrayList<>();
    long expected = offset + 1;
    for (Entry entry : entries) {
      if (entry.storedAtMillis() < cutoffMillis) {
        continue;
      }
      long at = entry.broadcast().offset();
      if (at <= offset) {
        continue;
      }
      if (at != expected) {
        return null;
      }
      result.add(entry.broadcast());
      expected++;
    }
    return expected == lastOffset + 1 ? result : null;
  }

  /** Messages stored at or after a time (and not before the cutoff). */
  public synchronized List<Broadcast> since(long sinceMillis, long cutoffMillis) {
    long from = Math.max(sinceMillis, cutoffMillis);
    List<Broadcast> result = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.storedAtMillis() >= from) {
        result.add(entry.broadcast());
      }
    }
    return result;
  }
}
