package io.cablecluster.broadcaster.redis;

import io.cablecluster.broadcaster.BroadcasterRole;
import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.NodeContext;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.testkit.Await;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
    Await.result(vertx.eventBus().<String>consumer(Addresses.BROADCAST, m -> published.add(BusMessage.decode(m.body())))
        .completion(), Duration.ofSeconds(5));
    role = new BroadcasterRole(new NodeContext(vertx, settings, NodeConfig.from(settings), metrics));
    Await.result(role.start(), Duration.ofSeconds(10));
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
    Await.result(role.drain(), Duration.ofSeconds(10));
  }

  @Override
  public void close() throws Exception {
    try {
      stop();
    } finally {
      Await.result(vertx.close(), Duration.ofSeconds(10));
    }
  }
}
