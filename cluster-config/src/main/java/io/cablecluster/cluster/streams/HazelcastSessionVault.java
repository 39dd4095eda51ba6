package io.cablecluster.cluster.streams;

import com.hazelcast.config.Config;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import io.cablecluster.core.sessions.SessionVault;
import io.cablecluster.core.sessions.SessionsConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Sessions kept cluster-wide in a Hazelcast map with one synchronous backup: a client whose node died restores
 * its session on whichever node it reconnects to. Each snapshot expires {@code sessions_ttl} after its last keep
 * or touch; a take removes it, so a session restores at most once.
 */
public final class HazelcastSessionVault implements SessionVault {
  public static final String MAP = "cable.sessions";
  private final Vertx vertx;
  private final IMap<String, String> sessions;
  private final SessionsConfig config;

  public HazelcastSessionVault(Vertx vertx, HazelcastInstance hazelcast, SessionsConfig config) {
    this.vertx = vertx;
    this.sessions = hazelcast.getMap(MAP);
    this.config = config;
  }

  public static void configure(Config hazelcast, SessionsConfig config) {
    hazelcast.addMapConfig(new MapConfig(MAP)
        .setBackupCount(1)
        .setAsyncBackupCount(0)
        .setStatisticsEnabled(false)
        .setEvictionConfig(new EvictionConfig().setEvictionPolicy(EvictionPolicy.LRU)
            .setMaxSizePolicy(MaxSizePolicy.PER_NODE).setSize(config.maxSessions())));
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> keep(String sid, String snapshot) {
    if (snapshot.length() > config.maxBytes()) {
      // Too big to keep: an older, smaller snapshot of the session must not be restored instead.
      return here(sessions.deleteAsync(sid)).mapEmpty();
    }
    return here(sessions.setAsync(sid, snapshot, config.ttlSeconds(), TimeUnit.SECONDS));
  }

  @Override
  public Future<Void> touch(String sid) {
    return here(sessions.submitToKey(sid, new Touch(config.ttlSeconds() * 1000L))).mapEmpty();
  }

  @Override
  public Future<String> take(String sid) {
    return sid == null ? Future.succeededFuture() : here(sessions.removeAsync(sid));
  }

  private <T> Future<T> here(CompletionStage<T> stage) {
    return Future.fromCompletionStage(stage, vertx.getOrCreateContext());
  }

  /** Gives a kept snapshot another TTL; nothing when it is gone. */
  record Touch(long ttlMillis) implements EntryProcessor<String, String, Boolean> {
    private static final long serialVersionUID = 1L;

    @Override
    public Boolean process(Map.Entry<String, String> entry) {
      if (entry.getValue() == null) {
        return false;
      }
      ((ExtendedMapEntry<String, String>) entry).setValue(entry.getValue(), ttlMillis, TimeUnit.MILLISECONDS);
      return true;
    }
  }
}
