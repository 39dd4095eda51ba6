package io.cablecluster.gateway.broker;

import io.cablecluster.core.Broadcast;
import io.vertx.core.Vertx;
import java.security.SecureRandom;
import java.util.Iterator;
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
  /** Streams looked at per sweep tick: expiry never holds an event loop for long, whatever the stream count. */
  static final int SWEEP_SLICE = 2048;
  private static final long SWEEP_TICK_MS = 100;
  private Iterator<Map.Entry<String, StreamHistory>> sweepCursor;
  private long timer = -1;

  public HistoryStore(int limit, int ttlSeconds, int maxStreams) {
    this.limit = limit;
    this.ttlMillis = ttlSeconds * 1000L;
    this.maxStreams = maxStreams;
  }

  /** Sweeps expired history a slice at a time, so idle streams cost nothing after their TTL. */
  public void start(Vertx vertx) {
    timer = vertx.setPeriodic(SWEEP_TICK_MS, id -> sweepSlice(System.currentTimeMillis(), SWEEP_SLICE));
  }

  public void stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Numbers and stores a broadcast; called by the node's relay only, in publish order per stream. */
  public Broker.Published append(Broadcast broadcast, String idempotencyKey) {
    if (streams.size() >= maxStreams && !streams.containsKey(broadcast.stream())) {
      // Full: new streams go unnumbered until the sweep frees room (never a full sweep on the relay's path).
      return new Broker.Published(broadcast, true);
    }
    return streams.computeIfAbsent(broadcast.stream(), s -> new StreamHistory(newEpoch(), limit))
        .append(broadcast, idempotencyKey, System.currentTimeMillis());
  }

  /** Looks at up to {@code max} streams, resuming where the last slice stopped; one pass at most. */
  void sweepSlice(long nowMillis, int max) {
    long cutoff = nowMillis - ttlMillis;
    boolean restarted = false;
    for (int seen = 0; seen < max; seen++) {
      if (sweepCursor == null || !sweepCursor.hasNext()) {
        if (restarted) {
          return;
        }
        sweepCursor = streams.entrySet().iterator();
        restarted = true;
        if (!sweepCursor.hasNext()) {
          return;
        }
      }
      Map.Entry<String, StreamHistory> entry = sweepCursor.next();
      if (entry.getValue().expire(cutoff)) {
        streams.remove(entry.getKey(), entry.getValue());
      }
    }
  }

  /** Messages after a position of this node's numbering; see {@link HistoryUnavailable}. */
  public List<Broadcast> after(String stream, String epoch, long offset) {
    StreamHistory history = streams.get(stream);
    if (history == null || !history.epoch.equals(epoch)) {
      throw new HistoryUnavailable(true);
    }
    List<Broadcast> missed = history.after(offset);
    if (missed == null) {
      throw new HistoryUnavailable(false);
    }
    return missed;
  }

  /** Messages stored at or after a time. */
  public List<Broadcast> since(String stream, long sinceMillis) {
    StreamHistory history = streams.get(stream);
    return history == null ? List.of() : history.since(sinceMillis);
  }

  /** The stream's last position, or null when nothing is kept. */
  public StreamPosition position(String stream) {
    StreamHistory history = streams.get(stream);
    return history == null ? null : history.position();
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
