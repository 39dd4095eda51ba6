package io.cablecluster.core.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EventLoopDelayTest {

  @Test
  @DisplayName("Verifies that an event loop held busy for 600 ms shows up as at least the part of it past the timer's due time")
  void aBusyEventLoopShowsUpAsDelay() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setBlockedThreadCheckInterval(60_000));
    CableMetrics metrics = new CableMetrics(Map.of());
    EventLoopDelay delay = new EventLoopDelay(metrics);
    try {
      delay.start(vertx);
      var timer = metrics.timer(MetricNames.EVENT_LOOP_DELAY);
      // The meter reports no event of its own: its count is polled. Both loops run their timers.
      while (timer.count() < 8) {
        Thread.sleep(50);
      }
      CompletableFuture<Void> held = new CompletableFuture<>();
      // The point of this test: work that blocks one loop (what the meter exists to reveal). A timer is always
      // pending on it, due within 250 ms, so it fires at least 350 ms late.
      ((io.vertx.core.internal.VertxInternal) vertx).nettyEventLoopGroup().next().execute(() -> {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(600);
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
        held.complete(null);
      });
      held.get(10, TimeUnit.SECONDS);
      long before = timer.count();
      while (timer.count() < before + 4) {
        Thread.sleep(50);
      }
      double worst = timer.max(TimeUnit.MILLISECONDS);
      assertTrue(worst >= 300 && worst < 5000, "a loop held 600 ms past a 250 ms timer: " + worst + " ms late");
    } finally {
      delay.stop();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }
}
