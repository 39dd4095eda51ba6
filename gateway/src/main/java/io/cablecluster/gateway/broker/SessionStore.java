package io.cablecluster.gateway.broker;

import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closed extended-protocol sessions, kept {@code sessions_ttl} seconds so a client reconnecting with its
 * old sid gets its identifiers and subscriptions back without a Connect call or resubscribing. Kept on
 * the node that held the session; a client that lands elsewhere connects afresh and asks for history.
 */
final class SessionStore {
  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final int maxSessions;
  private long timer = -1;

  private record Entry(SessionSnapshot snapshot, long expiresAtMillis) {
  }

  SessionStore(int ttlSeconds, int maxSessions) {
    this.ttlMillis = ttlSeconds * 1000L;
    this.maxSessions = maxSessions;
  }

  void start(Vertx vertx) {
    timer = vertx.setPeriodic(Math.max(1000, ttlMillis / 10), id -> {
      long now = System.currentTimeMillis();
      sessions.values().removeIf(entry -> entry.expiresAtMillis() < now);
    });
  }

  void stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  void keep(String sid, SessionSnapshot snapshot) {
    if (sessions.size() < maxSessions) {
      sessions.put(sid, new Entry(snapshot, System.currentTimeMillis() + ttlMillis));
    }
  }

  SessionSnapshot take(String sid) {
    Entry entry = sid == null ? null : sessions.remove(sid);
    return entry == null || entry.expiresAtMillis() < System.currentTimeMillis() ? null : entry.snapshot();
  }
}
