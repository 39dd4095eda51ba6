package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.RemoteDisconnect;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/** Puts ingested messages on {@link Addresses#BROADCAST}, counted like the HTTP endpoint counts them. */
public final class BusPublisher {
  private final EventBus eventBus;
  private final Counter broadcasts;
  private final Counter remoteCommands;
  private final DeliveryOptions options;

  /** {@code nodeLocal}: deliver only to this node's gateway (pub/sub, where every node gets every message). */
  public BusPublisher(EventBus eventBus, CableMetrics metrics, boolean nodeLocal) {
    this.eventBus = eventBus;
    this.broadcasts = metrics.counter(MetricNames.BROADCAST_MSG_TOTAL);
    this.remoteCommands = metrics.counter(MetricNames.REMOTE_COMMANDS_TOTAL);
    this.options = new DeliveryOptions().setLocalOnly(nodeLocal);
  }

  public void publish(BusMessage message) {
    eventBus.publish(Addresses.BROADCAST, message.encode(), options);
    (message instanceof RemoteDisconnect ? remoteCommands : broadcasts).increment();
  }
}
