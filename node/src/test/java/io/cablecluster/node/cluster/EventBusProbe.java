package io.cablecluster.node.cluster;

import io.cablecluster.cluster.ClusterBootstrap;
import io.cablecluster.cluster.ClusterConfig;
import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.config.Settings;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;

/**
 * A bare clustered Vert.x (no cable roles) that joins the cluster its environment names and then does what
 * an intruder on the cluster network would: consumes {@code cable.broadcast} and publishes a well-formed
 * broadcast to it every 200 ms. With or without event-bus TLS credentials, as its environment says.
 * Prints {@code PROBE READY}, {@code PROBE SENT <n>} and {@code PROBE RECEIVED <body>} for the test.
 * Args: name, stream.
 */
public final class EventBusProbe {
  private EventBusProbe() {
  }

  public static void main(String[] args) throws Exception {
    String name = args[0];
    String stream = args[1];
    ClusterConfig config = ClusterConfig.from(Settings.of(new String[0], System.getenv()));
    Vertx vertx = ClusterBootstrap.start(config, new VertxOptions()).toCompletionStage().toCompletableFuture()
        .get(120, TimeUnit.SECONDS);
    vertx.eventBus().<String>consumer(Addresses.BROADCAST, m -> System.out.println("PROBE RECEIVED " + m.body()))
        .completion().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("PROBE READY");
    long[] sent = {0};
    vertx.setPeriodic(200, id -> {
      String data = new JsonObject().put("from", name).put("n", sent[0]).encode();
      vertx.eventBus().publish(Addresses.BROADCAST, Broadcast.of(stream, data).encode());
      System.out.println("PROBE SENT " + ++sent[0]);
    });
  }
}
