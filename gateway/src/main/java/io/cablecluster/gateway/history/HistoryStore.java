package io.cablecluster.gateway.history;

import io.cablecluster.core.Broadcast;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memory broker: every node keeps the recent messages of every stream it relays (each node receives
 * every broadcast), numbered per stream. A client that reconnects to any node can ask for what it missed,
 * by position on the node that numbered them or by time anywhere else.
 */
public final class HistoryStore {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Map<String, StreamHistory> streams = new ConcurrentHashMap<>();
  private final int limit;
  private final long ttlMillis;
  private final int maxStreams;

  public HistoryStore(int limit, int ttlSeconds, int maxStreams) {
    this.limit = limit;
    this.ttlMillis = ttlSeconds * 1000L;
    this.maxStreams = maxStreams;
  }

  /** Sweeps expired history every few seconds, so idle streams cost nothing after their TTL. */
  public void start(Vertx vertx) {
    vertx.setPeriodic(Math.max(1000, ttlMillis / 10), id -> sweep(System.currentTimeMillis()));
  }

  /** Numbers and stores a broadcast; called by the node's relay only, in publish order per stream. */
  public Broadcast append(Broadcast broadcast) {
    if (streams.size() >= maxStreams && !streams.containsKey(broadcast.stream())) {
      sweep(System.currentTimeMillis());
      if (streams.size() >= maxStreams) {
        return broadcast;
      }
    }
    return streams.computeIfAbsent(broadcast.stream(), s -> new StreamHistory(newEpoch()))
        .append(broadcast, System.currentTimeMillis(), limit);
  }

  void sweep(long nowMillis) {
    long cutoff = nowMillis - ttlMillis;
    streams.entrySet().removeIf(entry -> entry.getValue().expire(cutoff));
  }

  /**
   * What a client missed on a stream: after its last position if this node numbered it, else since a
   * time (seconds). Null means the request cannot be served (reject_history).
   */
  public List<Broadcast> missed(String stream, String epoch, Long offset, long sinceSeconds) {
    StreamHistory history = streams.get(stream);
    if (epoch != null && offset != null && history != null && history.epoch.equals(epoch)) {
      return history.after(offset);
    }
    if (sinceSeconds > 0) {
      return history == null ? List.of() : history.since(sinceSeconds * 1000L);
    }
    return epoch == null && offset == null ? List.of() : null;
  }

  public int size() {
    return streams.size();
  }

  private static String newEpoch() {
    char[] id = new char[6];
    for (int i = 0; i < id.length; i++) {
      id[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return new String(id);
  }
}
