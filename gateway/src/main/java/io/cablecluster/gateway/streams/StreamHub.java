package io.cablecluster.gateway.streams;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * The node's stream index: one local event-bus consumer per stream, reference-counted across the
 * (connection, identifier) pairs that hold it, removed when the last one leaves.
 */
public final class StreamHub {
  private final Vertx vertx;
  private final Map<String, LocalStream> streams = new HashMap<>();

  public StreamHub(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Adds a subscriber to a stream under an identifier. The future completes once the stream's consumer
   * is registered, so a broadcast published after that reaches the subscriber.
   */
  public Future<Void> join(String stream, StreamSubscriber subscriber, String identifier) {
    LocalStream local;
    synchronized (streams) {
      local = streams.get(stream);
      if (local == null) {
        local = new LocalStream(stream);
        LocalStream created = local;
        local.open(vertx.eventBus().<Broadcast>localConsumer(Addresses.stream(stream),
            message -> created.fanOut(message.body())));
        streams.put(stream, local);
      }
      local.references++;
      local.add(subscriber, identifier);
    }
    return local.ready();
  }

  public void leave(String stream, StreamSubscriber subscriber, String identifier) {
    synchronized (streams) {
      LocalStream local = streams.get(stream);
      if (local == null) {
        return;
      }
      local.remove(subscriber, identifier);
      if (--local.references == 0) {
        streams.remove(stream);
        local.close();
      }
    }
  }

  /** Streams with at least one subscriber on this node. */
  public int size() {
    synchronized (streams) {
      return streams.size();
    }
  }
}
