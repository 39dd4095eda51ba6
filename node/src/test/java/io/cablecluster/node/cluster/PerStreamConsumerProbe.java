package io.cablecluster.node.cluster;

import io.cablecluster.cluster.ClusterBootstrap;
import io.cablecluster.cluster.ClusterConfig;
import io.cablecluster.core.config.Settings;
import io.cablecluster.testkit.Await;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rejected design, measured with the same pattern as ClusterChurnMeasurement: one clustered event-bus
 * consumer per stream. {@code peer} joins and republishes on request; {@code driver} churns clustered
 * consumers (384 in flight, like 24 clients × 16) and then checks whether a publish from a peer reaches a
 * consumer right after its registration completed. Markers on stdout let the test sample peers' CPU.
 */
public final class PerStreamConsumerProbe {
  private static final int VERTICLES = 8;
  private static final int LOOPS_PER_VERTICLE = 48;

  private PerStreamConsumerProbe() {
  }

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    ClusterConfig config = ClusterConfig.from(Settings.of(new String[0], System.getenv()));
    Vertx vertx = ClusterBootstrap.start(config, new VertxOptions()).toCompletionStage().toCompletableFuture()
        .get(120, TimeUnit.SECONDS);
    if ("peer".equals(mode)) {
      String name = args[1];
      EventBus bus = vertx.eventBus();
      Future<Void> publish = bus.<String>consumer("probe.publish." + name, m -> {
        bus.publish(m.body(), "hit");
        m.reply("ok");
      }).completion();
      // Another member already watching a stream: the case where publishers hold a cached route.
      Future<Void> watch = bus.<String>consumer("probe.watch." + name, m ->
          bus.consumer(m.body(), ignored -> { }).completion().onComplete(ar -> m.reply("ok"))).completion();
      Future.all(publish, watch).onSuccess(v -> System.out.println("PROBE READY"));
      return;
    }
    int seconds = Integer.parseInt(args[1]);
    int samples = Integer.parseInt(args[2]);
    awaitPeer(vertx.eventBus());
    System.out.println("IDLE-START");
    // The idle window is the measurement's CPU baseline, not a wait for anything.
    Thread.sleep(seconds * 1000L);
    System.out.println("IDLE-END");
    churn(vertx, seconds);
    reachability(vertx, samples, false);
    reachability(vertx, samples, true);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static <T> T await(Future<T> future) {
    return Await.result(future, Duration.ofSeconds(10));
  }

  /** A peer's consumer reaches this member's view of the cluster without any event here: asked until it answers. */
  private static void awaitPeer(EventBus bus) {
    Await.until("a peer to answer", Duration.ofSeconds(60), () -> {
      try {
        bus.request("probe.publish.peer2", "warmup").toCompletionStage().toCompletableFuture().get(1, TimeUnit.SECONDS);
        return true;
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static void churn(Vertx vertx, int seconds) throws Exception {
    AtomicLong pairs = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    CountDownLatch done = new CountDownLatch(VERTICLES * LOOPS_PER_VERTICLE);
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    System.out.println("CHURN-START");
    vertx.deployVerticle(() -> new VerticleBase() {
      private long next;

      @Override
      public Future<?> start() {
        for (int i = 0; i < LOOPS_PER_VERTICLE; i++) {
          loop();
        }
        return Future.succeededFuture();
      }

      private void loop() {
        if (System.nanoTime() > end) {
          done.countDown();
          return;
        }
        MessageConsumer<Object> consumer = vertx.eventBus().consumer("churn-" + deploymentID() + "-" + next++, m -> { });
        consumer.completion().compose(v -> consumer.unregister()).onComplete(ar -> {
          (ar.succeeded() ? pairs : failures).incrementAndGet();
          loop();
        });
      }
    }, new DeploymentOptions().setInstances(VERTICLES));
    done.await(seconds + 60L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.println("CHURN-END");
    System.out.printf(Locale.ROOT, "RESULT churn: %d clustered consumer register+unregister pairs in %.1f s = %.0f/s "
        + "(%d in flight, %d failed)%n", pairs.get(), elapsed, pairs.get() / elapsed,
        VERTICLES * LOOPS_PER_VERTICLE, failures.get());
  }

  /**
   * Registers a consumer on this member and, once its registration completed, has peer2 publish to it.
   * With {@code watched}, peer3 already consumes the address and peer2 has published to it before, as for
   * a new subscriber joining a stream that others on other nodes already follow.
   */
  private static void reachability(Vertx vertx, int samples, boolean watched) throws Exception {
    EventBus bus = vertx.eventBus();
    long[] registration = new long[samples];
    int delivered = 0;
    for (int i = 0; i < samples; i++) {
      String address = (watched ? "watched-" : "fresh-") + i;
      if (watched) {
        await(bus.request("probe.watch.peer3", address));
        await(bus.request("probe.publish.peer2", address));
      }
      Promise<Void> hit = Promise.promise();
      long t0 = System.nanoTime();
      MessageConsumer<Object> consumer = bus.consumer(address, m -> hit.tryComplete());
      consumer.completion().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      registration[i] = System.nanoTime() - t0;
      await(bus.request("probe.publish.peer2", address));
      try {
        hit.future().toCompletionStage().toCompletableFuture().get(250, TimeUnit.MILLISECONDS);
        delivered++;
      } catch (java.util.concurrent.TimeoutException e) {
        // The peer published before it could see the new consumer: the message is gone.
      }
      consumer.unregister().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      if ((i + 1) % 50 == 0) {
        System.out.println("progress " + address + ": " + delivered + "/" + (i + 1));
      }
    }
    Arrays.sort(registration);
    System.out.printf(Locale.ROOT, "RESULT reachability (%s): %d/%d publishes from a peer right after registration "
        + "completed were delivered; registration p50 %.2f ms p99 %.2f ms%n",
        watched ? "stream already consumed on a third member" : "fresh stream", delivered, samples,
        registration[samples / 2] / 1e6, registration[(int) Math.ceil(samples * 0.99) - 1] / 1e6);
  }
}
