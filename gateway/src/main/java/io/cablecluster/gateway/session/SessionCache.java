package io.cablecluster.gateway.session;

import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closed extended-protocol sessions, kept {@code sessions_ttl} seconds so a client reconnecting with its
 * old sid gets its identifiers and subscriptions back without a Connect RPC or resubscribing. Kept on the
 * node that held the session; a client that lands elsewhere connects afresh and asks for history.
 */
public final class SessionCache {
  private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
  private final long ttlMillis;
  private final int maxSessions;

  /** What survives a session: enough to serve its client again. */
  public record Snapshot(String identifiers, Map<String, String> cstate, List<SubscriptionSnapshot> subscriptions,
                         boolean usedRpc) {
  }

  public record SubscriptionSnapshot(String identifier, boolean local, List<String> streams,
                                     Map<String, String> istate) {
  }

  private record Entry(Snapshot snapshot, long expiresAtMillis) {
  }

  public SessionCache(int ttlSeconds, int maxSessions) {
    this.ttlMillis = ttlSeconds * 1000L;
    this.maxSessions = maxSessions;
  }

  public void start(Vertx vertx) {
    vertx.setPeriodic(Math.max(1000, ttlMillis / 10), id -> {
      long now = System.currentTimeMillis();
      sessions.values().removeIf(entry -> entry.expiresAtMillis() < now);
    });
  }

  void keep(String sid, Snapshot snapshot) {
    if (sessions.size() < maxSessions) {
      sessions.put(sid, new Entry(snapshot, System.currentTimeMillis() + ttlMillis));
    }
  }

  /** The snapshot for a sid, removed so it restores at most once; null when unknown or expired. */
  public Snapshot take(String sid) {
    Entry entry = sid == null ? null : sessions.remove(sid);
    return entry == null || entry.expiresAtMillis() < System.currentTimeMillis() ? null : entry.snapshot();
  }

  static Snapshot of(Session session) {
    List<SubscriptionSnapshot> subscriptions = session.subscriptions().values().stream()
        .map(s -> new SubscriptionSnapshot(s.identifier, s.local, List.copyOf(s.streams), Map.copyOf(s.istate)))
        .toList();
    return new Snapshot(session.identifiers(), Map.copyOf(session.cstate()), subscriptions, session.usedRpc());
  }
}
