package io.cablecluster.gateway.session;

import io.cablecluster.core.log.RateLimitedLog;
import io.cablecluster.gateway.config.GatewayConfig;
import io.cablecluster.gateway.controller.Controller;
import io.cablecluster.gateway.controller.DisconnectRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Disconnect RPC calls, one per accepted connection, sent at {@code disconnect_rate} per second so a mass
 * disconnect does not flood the backend; on shutdown the rest go out at once, 16 at a time.
 *
 * <p>At most {@code disconnect_backlog_size} calls wait. AnyCable-Go blocks the closing connection's
 * goroutine on a full backlog (back-pressure); an event loop cannot block, so a call over the backlog is
 * dropped: counted ({@code disconnect_queue_dropped_total}) and logged once per interval. The backend then
 * misses that Disconnect callback, as it does when a node dies.
 */
public final class DisconnectQueue implements Disconnector {
  private static final Logger LOG = Logger.getLogger(DisconnectQueue.class.getName());
  private static final int SHUTDOWN_PARALLELISM = 16;
  private static final long TICK_MS = 100;
  private static final RateLimitedLog DROPS = new RateLimitedLog(LOG, 10, TimeUnit.SECONDS);
  private final Vertx vertx;
  private final GatewayConfig config;
  private final Controller controller;
  private final Runnable dropped;
  private final Queue<DisconnectRequest> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final java.util.Set<Future<Void>> sending = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** The ticker's event loop: ticks and the shutdown flush both run there, so neither misses a call. */
  private Context ticker;
  private long timer = -1;
  private double credit;

  public DisconnectQueue(Vertx vertx, GatewayConfig config, Controller controller) {
    this(vertx, config, controller, () -> { });
  }

  /** {@code dropped} runs once per call refused because the backlog was full (the metric). */
  public DisconnectQueue(Vertx vertx, GatewayConfig config, Controller controller, Runnable dropped) {
    this.vertx = vertx;
    this.config = config;
    this.controller = controller;
    this.dropped = dropped;
  }

  @Override
  public void start() {
    ticker = vertx.getOrCreateContext();
    ticker.runOnContext(v -> timer = vertx.setPeriodic(TICK_MS, id -> tick()));
  }

  @Override
  public void connectionClosed(DisconnectRequest request, boolean disconnectInterest) {
    if (!wanted(disconnectInterest)) {
      return;
    }
    // Reserve a place first: closes on several event loops must not overshoot the backlog together.
    if (size.incrementAndGet() > config.disconnectBacklogSize()) {
      size.decrementAndGet();
      dropped.run();
      DROPS.log(n -> "disconnect backlog full (disconnect_backlog_size=" + config.disconnectBacklogSize()
          + "): dropped " + n + " Disconnect call(s) since the last report");
      return;
    }
    queue.add(request);
  }

  private boolean wanted(boolean disconnectInterest) {
    switch (config.disconnectMode()) {
      case "never":
        return false;
      case "always":
        return true;
      default:
        return disconnectInterest;
    }
  }

  private void tick() {
    credit = Math.min(credit + config.disconnectRate() * TICK_MS / 1000.0, Math.max(1, config.disconnectRate()));
    while (credit >= 1) {
      DisconnectRequest next = queue.poll();
      if (next == null) {
        credit = Math.min(credit, 1);
        return;
      }
      credit--;
      send(next);
    }
  }

  private Future<Void> send(DisconnectRequest request) {
    size.decrementAndGet();
    inFlight.incrementAndGet();
    Future<Void> call = controller.disconnect(request)
        .onFailure(e -> LOG.warning("disconnect call for " + LogIds.sid(request.sid()) + " failed: " + e.getMessage()))
        .onComplete(ar -> inFlight.decrementAndGet())
        .<Void>mapEmpty().recover(e -> Future.succeededFuture());
    sending.add(call);
    call.onComplete(ar -> sending.remove(call));
    return call;
  }

  /** Sends everything still queued now, {@value #SHUTDOWN_PARALLELISM} at a time; completes when all answered. */
  @Override
  public Future<Void> flush() {
    if (ticker == null) {
      return flushHere();
    }
    Promise<Void> flushed = Promise.promise();
    ticker.runOnContext(v -> flushHere().onComplete(flushed));
    return flushed.future();
  }

  private Future<Void> flushHere() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    List<Future<Void>> lanes = new ArrayList<>();
    // Calls the rate-limited ticker already started must finish too, or the node closes under them.
    lanes.addAll(sending);
    for (int i = 0; i < SHUTDOWN_PARALLELISM; i++) {
      lanes.add(drainLane());
    }
    return Future.join(lanes).mapEmpty();
  }

  private Future<Void> drainLane() {
    DisconnectRequest next = queue.poll();
    if (next == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    send(next).onComplete(ar -> drainLane().onComplete(done));
    return done.future();
  }

  @Override
  public int queued() {
    return size.get();
  }
}
