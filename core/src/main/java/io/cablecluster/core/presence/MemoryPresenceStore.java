package io.cablecluster.core.presence;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/** Presence of a single node, in its memory; leases are swept every second. */
public final class MemoryPresenceStore implements PresenceStore {
  static final long SWEEP_MS = 1000;
  private final Map<String, PresenceSet> streams = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final PresenceConfig config;
  private long timer = -1;

  public MemoryPresenceStore(Vertx vertx, PresenceConfig config) {
    this.vertx = vertx;
    this.config = config;
  }

  @Override
  public Future<Void> start(BiConsumer<String, String> leaves) {
    timer = vertx.setPeriodic(SWEEP_MS, id -> sweep(System.currentTimeMillis(), leaves));
    return Future.succeededFuture();
  }

  void sweep(long nowMillis, BiConsumer<String, String> leaves) {
    streams.forEach((stream, set) -> {
      for (String event : set.expire(nowMillis)) {
        leaves.accept(stream, event);
      }
      if (set.isEmpty()) {
        streams.remove(stream, set);
      }
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
      return Future.succeededFuture(streams.computeIfAbsent(stream, s -> new PresenceSet())
          .join(sid, pid, info, System.currentTimeMillis() + config.ttlMillis(), config.maxRecordsPerStream(),
              config.maxInfoBytes()));
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
