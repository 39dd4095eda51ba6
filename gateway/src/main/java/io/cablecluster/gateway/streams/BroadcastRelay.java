package io.cablecluster.gateway.streams;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.LocalCodec;
import io.cablecluster.core.RemoteDisconnect;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.gateway.broker.Broker;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The node's single consumer of the cluster-wide broadcast address. It re-publishes each broadcast
 * node-locally to its stream's address (dropped at once when nobody here holds the stream) and hands
 * remote commands to the session registry. Each broadcast goes through the broker first, which may
 * number and store it (and drop a repeat); the relay delivers what the broker hands back, in order.
 */
public final class BroadcastRelay extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(BroadcastRelay.class.getName());
  private final Counter received;
  private final Counter failed;
  private final Consumer<RemoteDisconnect> remoteDisconnect;
  private final Broker broker;
  private final DeliveryOptions local = new DeliveryOptions().setLocalOnly(true)
      .setCodecName(new LocalCodec<>(Broadcast.class).name());
  private MessageConsumer<String> consumer;

  public BroadcastRelay(CableMetrics metrics, Consumer<RemoteDisconnect> remoteDisconnect, Broker broker) {
    this.received = metrics.counter(MetricNames.SERVER_MSG_TOTAL);
    this.failed = metrics.counter(MetricNames.FAILED_SERVER_MSG_TOTAL);
    this.remoteDisconnect = remoteDisconnect;
    this.broker = broker;
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
      failed.increment();
      LOG.warning("dropped an undecodable broadcast: " + e.getMessage());
      return;
    }
    received.increment();
    if (message instanceof Broadcast broadcast) {
      broker.publish(broadcast, null).onComplete(published -> {
        if (published.succeeded() && published.result().fresh()) {
          Broadcast positioned = published.result().broadcast();
          vertx.eventBus().publish(Addresses.stream(positioned.stream()), positioned, local);
        } else if (published.failed()) {
          failed.increment();
          LOG.warning("broker refused a broadcast to " + broadcast.stream() + ": " + published.cause().getMessage());
        }
      });
    } else if (message instanceof RemoteDisconnect command) {
      remoteDisconnect.accept(command);
    }
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
