package io.cablecluster.gateway.streams;

import io.cablecluster.core.log.LogContext;
import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.LocalCodec;
import io.cablecluster.core.RemoteDisconnect;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The node's single consumer of the cluster-wide broadcast address. It re-publishes each broadcast
 * node-locally to its stream's address (dropped at once when nobody here holds the stream) and hands
 * remote commands to the session registry. Broadcasts arrive numbered by their stream's log (at the
 * ingress, before any node saw them); each stream's sequencer restores offset order on this node.
 */
public final class BroadcastRelay extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(BroadcastRelay.class.getName());
  private final Counter broadcasts;
  private final Counter commands;
  private final Counter failed;
  private final Consumer<RemoteDisconnect> remoteDisconnect;
  private final DeliveryOptions local = new DeliveryOptions().setLocalOnly(true)
      .setCodecName(new LocalCodec<>(Broadcast.class).name());
  private MessageConsumer<String> consumer;
  private MessageConsumer<String> routed;
  private final String nodeId;

  public BroadcastRelay(CableMetrics metrics, Consumer<RemoteDisconnect> remoteDisconnect) {
    this(metrics, remoteDisconnect, null);
  }

  /** {@code nodeId}: also take the broadcasts stream homes route to this node (null: no routing). */
  public BroadcastRelay(CableMetrics metrics, Consumer<RemoteDisconnect> remoteDisconnect, String nodeId) {
    this.nodeId = nodeId;
    // AnyCable-Go's meanings: broadcasts (and remote commands) this node received to act on locally.
    this.broadcasts = metrics.counter(MetricNames.BROADCAST_MSG_TOTAL);
    this.commands = metrics.counter(MetricNames.REMOTE_COMMANDS_TOTAL);
    this.failed = metrics.counter(MetricNames.FAILED_SERVER_MSG_TOTAL);
    this.remoteDisconnect = remoteDisconnect;
  }

  @Override
  public Future<?> start() {
    try {
      vertx.eventBus().registerCodec(new LocalCodec<>(Broadcast.class));
    } catch (IllegalStateException alreadyRegistered) {
      // A second gateway on the same Vert.x (tests) shares the codec.
    }
    consumer = vertx.eventBus().consumer(Addresses.BROADCAST, message -> relay(message.body()));
    if (nodeId == null) {
      return consumer.completion();
    }
    routed = vertx.eventBus().consumer(Addresses.node(nodeId), message -> relay(message.body()));
    return Future.all(consumer.completion(), routed.completion());
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
    if (message instanceof Broadcast broadcast) {
      broadcasts.increment();
      if (LOG.isLoggable(Level.FINE)) {
        // AnyCable-Go logs the payload too; here only its size: the data may carry anything the backend sends.
        LogContext.log(LOG, Level.FINE, "incoming broadcast message", "context", "node", "stream", broadcast.stream(),
            "offset", broadcast.offset(), "bytes", broadcast.data() == null ? 0 : broadcast.data().length());
      }
      vertx.eventBus().publish(Addresses.stream(broadcast.stream()), broadcast, local);
    } else if (message instanceof RemoteDisconnect command) {
      commands.increment();
      remoteDisconnect.accept(command);
    }
  }

  @Override
  public Future<?> stop() {
    Future<Void> stopped = consumer == null ? Future.succeededFuture() : consumer.unregister();
    return routed == null ? stopped : Future.join(stopped, routed.unregister());
  }
}
