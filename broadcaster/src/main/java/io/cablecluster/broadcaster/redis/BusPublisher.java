package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.BusMessage;
import io.cablecluster.core.RemoteDisconnect;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.core.streams.StreamPublisher;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;

/**
 * Puts ingested messages through the stream log onto the cluster-wide broadcast address, counted like the
 * HTTP endpoint counts them.
 */
public final class BusPublisher {
  private final StreamPublisher publisher;
  private final Counter broadcasts;
  private final Counter remoteCommands;
  private final DeliveryOptions options;

  /** {@code nodeLocal}: deliver only to this node's gateway (pub/sub, where every node gets every message). */
  public BusPublisher(StreamPublisher publisher, CableMetrics metrics, boolean nodeLocal) {
    this.publisher = publisher;
    // AnyCable-Go's publications_total: what came in; broadcast_msg_total is counted by each gateway node.
    this.broadcasts = metrics.counter(MetricNames.PUBLICATIONS_TOTAL);
    this.remoteCommands = metrics.counter(MetricNames.PUBLICATIONS_TOTAL);
    this.options = new DeliveryOptions().setLocalOnly(nodeLocal);
  }

  /** Completes once the message is stored at its stream's home (when numbered) and published. */
  public Future<Void> publish(BusMessage message, String messageId) {
    (message instanceof RemoteDisconnect ? remoteCommands : broadcasts).increment();
    return publisher.publish(message, messageId, options);
  }
}
