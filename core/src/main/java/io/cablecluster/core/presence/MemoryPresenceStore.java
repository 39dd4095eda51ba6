package io.cablecluster.core.presence;

import io.cablecluster.core.sweep.SlicedSweep;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Presence of a single node, in its memory. Expired leases are swept a slice of streams per tick, so the
 * sweep never holds an event loop for long however many streams have presence.
 */
public final class MemoryPresenceStore implements PresenceStore {
  static final long SWEEP_TICK_MS = 100;
  /** Streams looked at per tick: a full pass over 20,000 streams per second, well within the TTL. */
  static final int SWEEP_SLICE = 2048;
  private final Map<String, PresenceSet> streams = new ConcurrentHashMap<>();
  private final SlicedSweep<String, PresenceSet> sweep = new SlicedSweep<>(streams);
  private final Vertx vertx;
  private final PresenceConfig config;
  private long timer = -1;

  public MemoryPresenceStore(Vertx vertx, PresenceConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  @Override
  public Future<Void> start(BiConsumer<String, String> leaves) {
    timer = vertx.setPeriodic(SWEEP_TICK_MS, id -> sweepSlice(System.currentTimeMillis(), SWEEP_SLICE, leaves));
    return Future.succeededFuture();
  }

  void sweepSlice(long nowMillis, int max, BiConsumer<String, String> leaves) {
    sweep.slice(max, (stream, set) -> {
      for (String event : set.expire(nowMillis)) {
        leaves.accept(stream, event);
      }
      // Removed only while still empty, atomically with joins (which go through compute), so a join racing
      // the sweep is never dropped with the set it joined.
      streams.computeIfPresent(stream, (name, current) -> current == set && set.isEmpty() ? null : current);
    });
  }

  @Override
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return Future.succeededFuture();
  }

  @Override
  public boolean supported() {
    return true;
  }

  @Override
  public Future<String> join(String stream, String sid, String pid, String info) {
    try {
      String[] event = new String[1];
      streams.compute(stream, (name, set) -> {
        PresenceSet target = set == null ? new PresenceSet() : set;
        event[0] = target.join(sid, pid, info, System.currentTimeMillis() + config.ttlMillis(),
            config.maxRecordsPerStream(), config.maxInfoBytes());
        return target;
      });
      return Future.succeededFuture(event[0]);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<String> leave(String stream, String sid) {
    PresenceSet set = streams.get(stream);
    return Future.succeededFuture(set == null ? null : set.leave(sid));
  }

  @Override
  public Future<Void> touch(String stream, List<String> sids) {
    PresenceSet set = streams.get(stream);
    if (set != null) {
      set.touch(sids, System.currentTimeMillis() + config.ttlMillis());
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<String> info(String stream, boolean withRecords) {
    PresenceSet set = streams.get(stream);
    return Future.succeededFuture(set == null ? PresenceSet.emptyInfo(withRecords) : set.info(withRecords));
  }
}
