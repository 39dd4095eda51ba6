package io.cablecluster.broadcaster.redis;

import io.cablecluster.broadcaster.BroadcasterRole;
import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.NodeContext;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** One broadcaster role on its own Vert.x, with everything it publishes on the broadcast address collected. */
final class BroadcasterHarness implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final CableMetrics metrics = new CableMetrics(Map.of());
  final BroadcasterRole role;
  final BlockingQueue<BusMessage> published = new LinkedBlockingQueue<>();

  BroadcasterHarness(Map<String, String> options) throws Exception {
    Map<String, String> all = new HashMap<>(Map.of("port", "0", "roles", "broadcaster"));
    all.putAll(options);
    Settings settings = Settings.of(all);
    vertx.eventBus().<String>consumer(Addresses.BROADCAST, m -> published.add(BusMessage.decode(m.body())))
        .completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    role = new BroadcasterRole(new NodeContext(vertx, settings, NodeConfig.from(settings), metrics));
    role.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** The next broadcast, or an AssertionError after 10 s. */
  Broadcast next() throws InterruptedException {
    BusMessage message = published.poll(10, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no broadcast within 10 s");
    }
    return (Broadcast) message;
  }

  void stop() throws Exception {
    role.drain().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
