package io.cablecluster.gateway.streams;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.LocalCodec;
import io.cablecluster.core.RemoteDisconnect;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.history.HistoryStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The node's single consumer of the cluster-wide broadcast address. It re-publishes each broadcast
 * node-locally to its stream's address (dropped at once when nobody here holds the stream) and hands
 * remote commands to the session registry. With a broker it numbers and stores each non-transient
 * broadcast first, so every node can serve history.
 */
public final class BroadcastRelay extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(BroadcastRelay.class.getName());
  private final CableMetrics metrics;
  private final Consumer<RemoteDisconnect> remoteDisconnect;
  private final HistoryStore history;
  private final DeliveryOptions local = new DeliveryOptions().setLocalOnly(true)
      .setCodecName(new LocalCodec<>(Broadcast.class).name());
  private MessageConsumer<String> consumer;

  /** {@code history} is null without a broker: broadcasts then carry no stream position. */
  public BroadcastRelay(CableMetrics metrics, Consumer<RemoteDisconnect> remoteDisconnect, HistoryStore history) {
    this.metrics = metrics;
    this.remoteDisconnect = remoteDisconnect;
    this.history = history;
  }

  @Override
  public Future<?> start() {
    try {
      vertx.eventBus().registerCodec(new LocalCodec<>(Broadcast.class));
    } catch (IllegalStateException alreadyRegistered) {
      // A second gateway on the same Vert.x (tests) shares the codec.
    }
    consumer = vertx.eventBus().consumer(Addresses.BROADCAST, message -> relay(message.body()));
    return consumer.completion();
  }

  private void relay(String text) {
    BusMessage message;
    try {
      message = BusMessage.decode(text);
    } catch (IllegalArgumentException e) {
      metrics.increment("failed_server_msg_total");
      LOG.warning("dropped an undecodable broadcast: " + e.getMessage());
      return;
    }
    metrics.increment("server_msg_total");
    if (message instanceof Broadcast received) {
      Broadcast broadcast = history == null || received.isTransient() ? received : history.append(received);
      vertx.eventBus().publish(Addresses.stream(broadcast.stream()), broadcast, local);
    } else if (message instanceof RemoteDisconnect command) {
      remoteDisconnect.accept(command);
    }
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
