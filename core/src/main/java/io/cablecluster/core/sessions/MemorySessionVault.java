package io.cablecluster.core.sessions;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Sessions kept in this node's memory (a single node): a client must come back to this node to restore. */
public final class MemorySessionVault implements SessionVault {
  private static final Future<Void> DONE = Future.succeededFuture();
  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final SessionsConfig config;
  private final long ttlMillis;
  private long timer = -1;

  private record Entry(String snapshot, long expiresAtMillis) {
  }

  public MemorySessionVault(Vertx vertx, SessionsConfig config) {
    this.vertx = vertx;
    this.config = config;
    this.ttlMillis = config.ttlSeconds() * 1000L;
  }

  @Override
  public Future<Void> start() {
    timer = vertx.setPeriodic(Math.max(1000, ttlMillis / 10), id -> {
      long now = System.currentTimeMillis();
      sessions.values().removeIf(entry -> entry.expiresAtMillis() < now);
    });
    return DONE;
  }

  @Override
  public Future<Void> stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    return DONE;
  }

  @Override
  public Future<Void> keep(String sid, String snapshot) {
    if (snapshot.length() <= config.maxBytes() && (sessions.size() < config.maxSessions() || sessions.containsKey(sid))) {
      sessions.put(sid, new Entry(snapshot, System.currentTimeMillis() + ttlMillis));
    }
    return DONE;
  }

  @Override
  public Future<Void> touch(String sid) {
    sessions.computeIfPresent(sid, (k, entry) -> new Entry(entry.snapshot(), System.currentTimeMillis() + ttlMillis));
    return DONE;
  }

  @Override
  public Future<String> take(String sid) {
    Entry entry = sid == null ? null : sessions.remove(sid);
    return Future.succeededFuture(entry == null || entry.expiresAtMillis() < System.currentTimeMillis()
        ? null : entry.snapshot());
  }
}
