package io.cablecluster.gateway.rpc;

import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.gateway.GatewayConfig;
import io.cablecluster.gateway.session.Session;
import io.cablecluster.gateway.session.Subscription;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Disconnect RPC calls, one per accepted connection, sent at {@code disconnect_rate} per second so a mass
 * disconnect does not flood the backend; on shutdown the rest go out at once, 16 at a time.
 */
public final class DisconnectQueue {
  private static final Logger LOG = Logger.getLogger(DisconnectQueue.class.getName());
  private static final int SHUTDOWN_PARALLELISM = 16;
  private static final long TICK_MS = 100;
  private final Vertx vertx;
  private final GatewayConfig config;
  private final RpcClient rpc;
  private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final java.util.Set<Future<Void>> sending = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private long timer = -1;
  private double credit;

  private record Pending(String sid, JsonObject body) {
  }

  public DisconnectQueue(Vertx vertx, GatewayConfig config, RpcClient rpc, CableMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.rpc = rpc;
    metrics.gauge("disconnect_queue_size", size::get);
  }

  public void start() {
    if (rpc != null) {
      timer = vertx.setPeriodic(TICK_MS, id -> tick());
    }
  }

  /** Called on the connection's event loop once it closed; snapshot of its state goes in the request. */
  public void connectionClosed(Session session) {
    if (rpc == null || !wanted(session)) {
      return;
    }
    queue.add(new Pending(session.sid(), body(session)));
    size.incrementAndGet();
  }

  private boolean wanted(Session session) {
    switch (config.disconnectMode()) {
      case "never":
        return false;
      case "always":
        return true;
      default:
        return session.usedRpc();
    }
  }

  private static JsonObject body(Session session) {
    JsonArray subscriptions = new JsonArray();
    JsonObject istates = new JsonObject();
    for (Subscription subscription : session.subscriptions().values()) {
      subscriptions.add(subscription.identifier);
      if (!subscription.istate.isEmpty()) {
        istates.put(subscription.identifier, new JsonObject(new java.util.LinkedHashMap<>(subscription.istate)).encode());
      }
    }
    JsonObject env = session.env().toJson(session.cstate(), null);
    if (!istates.isEmpty()) {
      env.put("istate", istates);
    }
    JsonObject body = new JsonObject();
    if (session.identifiers() != null && !session.identifiers().isEmpty()) {
      body.put("identifiers", session.identifiers());
    }
    if (!subscriptions.isEmpty()) {
      body.put("subscriptions", subscriptions);
    }
    return body.put("env", env);
  }

  private void tick() {
    credit = Math.min(credit + config.disconnectRate() * TICK_MS / 1000.0, Math.max(1, config.disconnectRate()));
    while (credit >= 1) {
      Pending next = queue.poll();
      if (next == null) {
        credit = Math.min(credit, 1);
        return;
      }
      credit--;
      send(next);
    }
  }

  private Future<Void> send(Pending pending) {
    size.decrementAndGet();
    inFlight.incrementAndGet();
    Future<Void> call = rpc.disconnect(pending.sid(), pending.body())
        .onFailure(e -> LOG.warning("disconnect RPC for " + pending.sid() + " failed: " + e.getMessage()))
        .onComplete(ar -> inFlight.decrementAndGet())
        .<Void>mapEmpty().recover(e -> Future.succeededFuture());
    sending.add(call);
    call.onComplete(ar -> sending.remove(call));
    return call;
  }

  /** Sends everything still queued now, {@value #SHUTDOWN_PARALLELISM} at a time; completes when all answered. */
  public Future<Void> flush() {
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
    Pending next = queue.poll();
    if (next == null) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    send(next).onComplete(ar -> drainLane().onComplete(done));
    return done.future();
  }

  public int pending() {
    return size.get() + inFlight.get();
  }
}
