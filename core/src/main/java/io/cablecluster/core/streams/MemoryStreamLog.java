package io.cablecluster.core.streams;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.sweep.SlicedSweep;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code --broker=memory} on a single node: every stream is numbered and remembered in this node's memory.
 * Appends come from any event loop (each record serialises its own), so every answer is immediate.
 */
public final class MemoryStreamLog implements StreamLog {
  /** Streams looked at per sweep tick: expiry never holds an event loop for long, whatever the stream count. */
  static final int SWEEP_SLICE = 2048;
  private static final long SWEEP_TICK_MS = 100;
  private final Map<String, StreamRecord> streams = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final HistoryLimits limits;
  private final int maxStreams;
  private final long maxNodeBytes;
  /** Characters held by every record together (the node-wide bound). */
  private final AtomicLong stored = new AtomicLong();
  private final SlicedSweep<String, StreamRecord> sweep = new SlicedSweep<>(streams);
  private long timer = -1;

  public MemoryStreamLog(Vertx vertx, StreamLogConfig config) {
    this.vertx = vertx;
    this.limits = config.limits();
    this.maxStreams = config.maxStreams();
    this.maxNodeBytes = config.nodeBytes();
  }

  /** Sweeps expired history a slice at a time, so idle streams cost nothing after their TTL. */
  @Override
  public Future<Void> start() {
    if (vertx != null) {
      timer = vertx.setPeriodic(SWEEP_TICK_MS, id -> sweepSlice(System.currentTimeMillis(), SWEEP_SLICE));
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }

  @Override
  public boolean numbers() {
    return true;
  }

  @Override
  public Future<Routed> route(Broadcast broadcast, String messageId) {
    return Future.succeededFuture(Routed.everywhere(appendNow(broadcast, messageId, System.currentTimeMillis())));
  }

  @Override
  public Future<StreamPosition> follow(String stream) {
    return position(stream);
  }

  @Override
  public Future<Void> unfollow(String stream) {
    return Future.succeededFuture();
  }

  Broadcast appendNow(Broadcast broadcast, String messageId, long nowMillis) {
    if (broadcast.isTransient()) {
      return broadcast;
    }
    if (streams.size() >= maxStreams && !streams.containsKey(broadcast.stream())) {
      // Full: new streams go unnumbered until the sweep frees room (never a full sweep on the append path).
      return broadcast;
    }
    if (stored.get() + StreamRecord.sizeOf(broadcast) > maxNodeBytes) {
      // The node's history is full: delivered without a position (no hole in any stream's offsets).
      return broadcast;
    }
    StreamRecord record = streams.computeIfAbsent(broadcast.stream(), s -> new StreamRecord(Epochs.next()));
    StreamPosition at;
    synchronized (record) {
      long before = record.bytes();
      at = record.append(broadcast, messageId, nowMillis, limits).position();
      stored.addAndGet(record.bytes() - before);
    }
    return at == null ? broadcast : broadcast.withPosition(at.epoch(), at.offset());
  }

  /** Looks at up to {@code max} streams, resuming where the last slice stopped; one pass at most. */
  void sweepSlice(long nowMillis, int max) {
    long cutoff = nowMillis - limits.ttlMillis();
    sweep.slice(max, (stream, record) -> {
      synchronized (record) {
        long before = record.bytes();
        boolean empty = record.expire(cutoff);
        stored.addAndGet(record.bytes() - before);
        if (empty) {
          streams.remove(stream, record);
        }
      }
    });
  }

  @Override
  public Future<StreamPosition> position(String stream) {
    StreamRecord record = streams.get(stream);
    return Future.succeededFuture(record == null ? null : record.position());
  }

  @Override
  public Future<List<Broadcast>> after(String stream, String epoch, long offset) {
    try {
      return Future.succeededFuture(afterNow(stream, epoch, offset, System.currentTimeMillis()));
    } catch (HistoryUnavailable e) {
      return Future.failedFuture(e);
    }
  }

  List<Broadcast> afterNow(String stream, String epoch, long offset, long nowMillis) {
    StreamRecord record = streams.get(stream);
    if (record == null || !record.epoch().equals(epoch)) {
      throw new HistoryUnavailable(true);
    }
    List<Broadcast> missed = record.after(offset, nowMillis - limits.ttlMillis());
    if (missed == null) {
      throw new HistoryUnavailable(false);
    }
    return missed;
  }

  @Override
  public Future<List<Broadcast>> since(String stream, long sinceSeconds) {
    StreamRecord record = streams.get(stream);
    return Future.succeededFuture(record == null ? List.of()
        : record.since(sinceSeconds * 1000L, System.currentTimeMillis() - limits.ttlMillis()));
  }

  public int size() {
    return streams.size();
  }

  /** Characters of history held on this node. */
  public long storedBytes() {
    return stored.get();
  }
}
