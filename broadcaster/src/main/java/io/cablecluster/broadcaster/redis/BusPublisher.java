package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.RemoteDisconnect;
import io.cablecluster.core.metrics.CableMetrics;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/** Puts ingested messages on {@link Addresses#BROADCAST}, counted like the HTTP endpoint counts them. */
public final class BusPublisher {
  private final EventBus eventBus;
  private final CableMetrics metrics;
  private final DeliveryOptions options;

  /** {@code nodeLocal}: deliver only to this node's gateway (pub/sub, where every node gets every message). */
  public BusPublisher(EventBus eventBus, CableMetrics metrics, boolean nodeLocal) {
    this.eventBus = eventBus;
    this.metrics = metrics;
    this.options = new DeliveryOptions().setLocalOnly(nodeLocal);
  }

  public void publish(BusMessage message) {
    eventBus.publish(Addresses.BROADCAST, message.encode(), options);
    metrics.increment(message instanceof RemoteDisconnect ? "remote_commands_total" : "broadcast_msg_total");
  }
}
