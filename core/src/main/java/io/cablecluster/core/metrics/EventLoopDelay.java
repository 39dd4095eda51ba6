package io.cablecluster.core.metrics;

import io.micrometer.core.instrument.Timer;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How late the event loops run their tasks: one timer per event loop, every {@link #PERIOD_MS}, records by how
 * much it fired after it was due. A loop blocked by slow work (or starved of CPU) shows up here before clients
 * notice, as AnyCable-Go's Go scheduler has no such single point to watch. Recorded into one summary,
 * {@code anycable_go_event_loop_delay_seconds} ({@code _max} is the worst lateness in the recent window).
 */
public final class EventLoopDelay {
  static final long PERIOD_MS = 250;
  private final Timer delays;
  private final List<ScheduledFuture<?>> ticks = new ArrayList<>();
  private volatile boolean stopped;

  public EventLoopDelay(CableMetrics metrics) {
    this.delays = metrics.timer(MetricNames.EVENT_LOOP_DELAY);
  }

  /** Starts one timer on every event loop of {@code vertx}. */
  public void start(Vertx vertx) {
    EventLoopGroup loops = ((VertxInternal) vertx).nettyEventLoopGroup();
    for (EventExecutor loop : loops) {
      schedule(loop);
    }
  }

  private void schedule(EventExecutor loop) {
    if (stopped || loop.isShuttingDown()) {
      return;
    }
    long due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
    ScheduledFuture<?> tick = loop.schedule(() -> {
      delays.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
      schedule(loop);
    }, PERIOD_MS, TimeUnit.MILLISECONDS);
    synchronized (ticks) {
      ticks.removeIf(ScheduledFuture::isDone);
      ticks.add(tick);
    }
  }

  public void stop() {
    stopped = true;
    synchronized (ticks) {
      ticks.forEach(tick -> tick.cancel(false));
      ticks.clear();
    }
  }
}
