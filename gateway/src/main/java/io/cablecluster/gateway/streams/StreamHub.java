package io.cablecluster.gateway.streams;

import io.cablecluster.gateway.broker.Broker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * The node's stream index: one local event-bus consumer per stream, reference-counted across the
 * (connection, identifier) pairs that hold it, removed when the last one leaves. The index is split into
 * shards with a lock each (AnyCable-Go's hub "gates"), so joins from different event loops rarely meet;
 * registering the consumer and telling the broker happen outside the lock.
 */
public final class StreamHub {
  private static final int SHARDS = 64;
  private final Vertx vertx;
  private final Broker broker;
  private final SequencerSettings sequencing;
  @SuppressWarnings("unchecked")
  private final Map<String, LocalStream>[] shards = new Map[SHARDS];

  public StreamHub(Vertx vertx, Broker broker) {
    this(vertx, broker, SequencerSettings.DEFAULT);
  }

  public StreamHub(Vertx vertx, Broker broker, SequencerSettings sequencing) {
    this.vertx = vertx;
    this.broker = broker;
    this.sequencing = sequencing;
    for (int i = 0; i < SHARDS; i++) {
      shards[i] = new HashMap<>();
    }
  }

  /**
   * Adds a subscriber to a stream under an identifier. The future completes once the stream's consumer
   * is registered, so a broadcast published after that reaches the subscriber.
   */
  public Future<Void> join(String stream, StreamSubscriber subscriber, String identifier) {
    Map<String, LocalStream> shard = shard(stream);
    LocalStream local;
    boolean created = false;
    synchronized (shard) {
      local = shard.get(stream);
      if (local == null) {
        local = new LocalStream(stream);
        shard.put(stream, local);
        created = true;
      }
      if (local.add(subscriber, identifier)) {
        local.references++;
      }
    }
    if (created) {
      local.open(vertx, broker, sequencing);
    }
    return local.ready();
  }

  public void leave(String stream, StreamSubscriber subscriber, String identifier) {
    Map<String, LocalStream> shard = shard(stream);
    LocalStream closing = null;
    synchronized (shard) {
      LocalStream local = shard.get(stream);
      if (local == null) {
        return;
      }
      // Only a pair that holds the stream releases a reference: a repeated leave must not cut others off.
      if (!local.remove(subscriber, identifier)) {
        return;
      }
      if (--local.references == 0) {
        shard.remove(stream);
        closing = local;
      }
    }
    if (closing != null) {
      closing.close(broker);
    }
  }

  /** Streams with at least one subscriber on this node. */
  public int size() {
    int size = 0;
    for (Map<String, LocalStream> shard : shards) {
      synchronized (shard) {
        size += shard.size();
      }
    }
    return size;
  }

  private Map<String, LocalStream> shard(String stream) {
    return shards[(stream.hashCode() & 0x7fffffff) % SHARDS];
  }
}
