package io.cablecluster.cluster.streams;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.cablecluster.core.presence.PresenceConfig;
import io.cablecluster.core.presence.PresenceSet;
import io.cablecluster.core.presence.PresenceStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Presence kept at each stream's home (a Hazelcast map with one synchronous backup), so every node sees the
 * same records. Each member sweeps the streams whose home it is once a second: leases of sessions that gave
 * no sign of life for {@code presence_ttl} (their node died, or they closed) end, and the leave events go out
 * from that member.
 */
public final class HazelcastPresenceStore implements PresenceStore {
  public static final String MAP = "cable.presence";
  private static final Logger LOG = Logger.getLogger(HazelcastPresenceStore.class.getName());
  private static final long SWEEP_MS = 1000;
  private final Vertx vertx;
  private final IMap<String, PresenceSet> streams;
  private final PresenceConfig config;
  private long timer = -1;

  public HazelcastPresenceStore(Vertx vertx, HazelcastInstance hazelcast, PresenceConfig config) {
    this.vertx = vertx;
    this.streams = hazelcast.getMap(MAP);
    this.config = config;
  }

  public static void configure(Config hazelcast) {
    hazelcast.addMapConfig(new MapConfig(MAP).setInMemoryFormat(InMemoryFormat.OBJECT).setBackupCount(1)
        .setAsyncBackupCount(0).setStatisticsEnabled(false));
  }

  @Override
  public Future<Void> start(BiConsumer<String, String> leaves) {
    timer = vertx.setPeriodic(SWEEP_MS, id -> sweep(leaves));
    return Future.succeededFuture();
  }

  private void sweep(BiConsumer<String, String> leaves) {
    long now = System.currentTimeMillis();
    vertx.executeBlocking(() -> streams.localKeySet(), false).onSuccess((Set<String> owned) -> {
      for (String stream : owned) {
        here(streams.submitToKey(stream, new Expire(now))).onComplete(ar -> {
          if (ar.succeeded()) {
            ar.result().forEach(event -> leaves.accept(stream, event));
          } else {
            LOG.fine(() -> "presence sweep of a stream failed: " + ar.cause());
          }
        });
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
    return here(streams.submitToKey(stream, new Join(sid, pid, info,
        System.currentTimeMillis() + config.ttlMillis(), config.maxRecordsPerStream(), config.maxInfoBytes())));
  }

  @Override
  public Future<String> leave(String stream, String sid) {
    return here(streams.submitToKey(stream, new Leave(sid)));
  }

  @Override
  public Future<Void> touch(String stream, List<String> sids) {
    return here(streams.submitToKey(stream, new Touch(new ArrayList<>(sids),
        System.currentTimeMillis() + config.ttlMillis()))).mapEmpty();
  }

  @Override
  public Future<String> info(String stream, boolean withRecords) {
    return here(streams.submitToKey(stream, new Info(withRecords)));
  }

  private <T> Future<T> here(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  record Join(String sid, String pid, String info, long deadlineMillis, int maxRecords, int maxInfo)
      implements EntryProcessor<String, PresenceSet, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String process(Map.Entry<String, PresenceSet> entry) {
      PresenceSet set = entry.getValue() == null ? new PresenceSet() : entry.getValue();
      String event = set.join(sid, pid, info, deadlineMillis, maxRecords, maxInfo);
      entry.setValue(set);
      return event;
    }
  }

  record Leave(String sid) implements EntryProcessor<String, PresenceSet, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String process(Map.Entry<String, PresenceSet> entry) {
      PresenceSet set = entry.getValue();
      if (set == null) {
        return null;
      }
      String event = set.leave(sid);
      entry.setValue(set.isEmpty() ? null : set);
      return event;
    }
  }

  record Touch(ArrayList<String> sids, long deadlineMillis) implements EntryProcessor<String, PresenceSet, Boolean> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, PresenceSet> entry) {
      PresenceSet set = entry.getValue();
      if (set == null || !set.touch(sids, deadlineMillis)) {
        return false;
      }
      entry.setValue(set);
      return true;
    }
  }

  record Expire(long nowMillis) implements EntryProcessor<String, PresenceSet, ArrayList<String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public ArrayList<String> process(Map.Entry<String, PresenceSet> entry) {
      PresenceSet set = entry.getValue();
      if (set == null) {
        return new ArrayList<>();
      }
      ArrayList<String> events = new ArrayList<>(set.expire(nowMillis));
      if (!events.isEmpty() || set.isEmpty()) {
        entry.setValue(set.isEmpty() ? null : set);
      }
      return events;
    }
  }

  record Info(boolean withRecords) implements EntryProcessor<String, PresenceSet, String>, ReadOnly {
    private static final long serialVersionUID = 1L;

    @Override
    public String process(Map.Entry<String, PresenceSet> entry) {
      return entry.getValue() == null ? PresenceSet.emptyInfo(withRecords) : entry.getValue().info(withRecords);
    }
  }
}
