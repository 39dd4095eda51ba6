package io.cablecluster.core.streams;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/**
 * Every ingress's way onto the cluster-wide broadcast address: a broadcast is appended to its stream's log
 * first (numbered and stored at its home, and its backup), then published with that position. The future
 * completes only after both, so an ingress acknowledges (HTTP 201, Redis XACK) what is durable. A publisher
 * may retry with the same message id: the log answers the first position and the receiving nodes drop the
 * repeated offset.
 */
public final class StreamPublisher {
  private static final DeliveryOptions CLUSTER = new DeliveryOptions();
  private final EventBus eventBus;
  private final StreamLog log;
  private final Runnable unnumbered;

  public StreamPublisher(EventBus eventBus, StreamLog log) {
    this(eventBus, log, () -> { });
  }

  /** {@code unnumbered} counts broadcasts a numbering log let through without a position (too big to keep). */
  public StreamPublisher(EventBus eventBus, StreamLog log, Runnable unnumbered) {
    this.eventBus = eventBus;
    this.log = log;
    this.unnumbered = unnumbered;
  }

  /** Publishes a message to every node; broadcasts go through the log first. */
  public Future<Void> publish(BusMessage message, String messageId) {
    return publish(message, messageId, CLUSTER);
  }

  public Future<Void> publish(BusMessage message, String messageId, DeliveryOptions options) {
    if (!(message instanceof Broadcast broadcast)) {
      eventBus.publish(Addresses.BROADCAST, message.encode(), options);
      return Future.succeededFuture();
    }
    // A position is the log's to give: one that came with the message from outside is never trusted.
    Broadcast unnumbered = broadcast.epoch() == null ? broadcast : broadcast.withPosition(null, 0);
    if (broadcast.isTransient()) {
      eventBus.publish(Addresses.BROADCAST, unnumbered.encode(), options);
      return Future.succeededFuture();
    }
    return log.route(unnumbered, messageId).map(routed -> {
      if (routed.broadcast().epoch() == null && log.numbers()) {
        this.unnumbered.run();
      }
      String text = routed.broadcast().encode();
      if (routed.nodes() == null || options.isLocalOnly()) {
        eventBus.publish(Addresses.BROADCAST, text, options);
      } else {
        // Only the nodes that follow the stream get it (its home knows them).
        for (String node : routed.nodes()) {
          eventBus.send(Addresses.node(node), text, options);
        }
      }
      return null;
    });
  }
}
