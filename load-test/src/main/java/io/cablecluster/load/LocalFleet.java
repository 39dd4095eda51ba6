package io.cablecluster.load;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** Clients held in this JVM; answers {@link Fleet} commands. */
public final class LocalFleet implements Fleet {
  private final Vertx vertx;
  private final boolean ownsVertx;
  private final ClientSpec spec;
  private final Map<String, WebSocketClient> clientsBySource = new ConcurrentHashMap<>();
  private final List<CableClient> clients = new ArrayList<>();
  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder delivered = new LongAdder();
  private volatile long countFromMicros;
  private final Histogram rtt = new Histogram();
  private final LongAdder welcomes = new LongAdder();
  private final LongAdder unexpectedCloses = new LongAdder();
  private final LongAdder serverDisconnects = new LongAdder();
  private final LongAdder churnOps = new LongAdder();
  private final LongAdder churnRejected = new LongAdder();

  public LocalFleet(Vertx vertx, boolean ownsVertx, ClientSpec spec) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.spec = spec;
  }

  @Override
  public CompletableFuture<JsonObject> call(JsonObject command) {
    String op = command.getString("op", "");
    switch (op) {
      case "connect":
        return new ConnectJob(this, command).run();
      case "reset":
        countFromMicros = Clock.nowMicros();
        delivered.reset();
        rtt.reset();
        return CompletableFuture.completedFuture(new JsonObject());
      case "stats":
        return CompletableFuture.completedFuture(stats());
      case "churn":
        return churn(command.getLong("ms", 5000L));
      case "closeAll":
        return closeAll();
      case "exit":
        close();
        return CompletableFuture.completedFuture(new JsonObject());
      default:
        return CompletableFuture.failedFuture(new IllegalArgumentException("unknown op " + op));
    }
  }

  private JsonObject stats() {
    return new JsonObject().put("delivered", delivered.sum()).put("rtt", rtt.toJson())
        .put("open", open.get()).put("unexpectedCloses", unexpectedCloses.sum())
        .put("serverDisconnects", serverDisconnects.sum()).put("welcomes", welcomes.sum());
  }

  private CompletableFuture<JsonObject> churn(long ms) {
    churnOps.reset();
    churnRejected.reset();
    List<CableClient> active = snapshot();
    active.forEach(CableClient::startChurn);
    CompletableFuture<JsonObject> done = new CompletableFuture<>();
    vertx.setTimer(Math.max(1, ms), t -> {
      long ops = churnOps.sum();
      active.forEach(CableClient::stopChurn);
      done.complete(new JsonObject().put("ops", ops).put("rejected", churnRejected.sum())
          .put("clients", active.size()).put("ms", ms));
    });
    return done;
  }

  private CompletableFuture<JsonObject> closeAll() {
    List<CableClient> all = snapshot();
    synchronized (clients) {
      clients.clear();
    }
    List<Future<Void>> closing = new ArrayList<>();
    all.forEach(c -> closing.add(c.close()));
    CompletableFuture<JsonObject> done = new CompletableFuture<>();
    Future.join(closing).timeout(15, java.util.concurrent.TimeUnit.SECONDS)
        .onComplete(ar -> done.complete(new JsonObject().put("closed", all.size())));
    return done;
  }

  List<CableClient> snapshot() {
    synchronized (clients) {
      return new ArrayList<>(clients);
    }
  }

  void add(CableClient client) {
    synchronized (clients) {
      clients.add(client);
    }
  }

  ClientSpec spec() {
    return spec;
  }

  Vertx vertx() {
    return vertx;
  }

  WebSocketClient clientFor(long socketSerial, long timeoutMs) {
    String source = spec.sourceAddress(socketSerial);
    return clientsBySource.computeIfAbsent(source == null ? "" : source, key -> {
      WebSocketClientOptions options = new WebSocketClientOptions()
          .setMaxConnections(1_000_000)
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
          .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22);
      if (!key.isEmpty()) {
        options.setLocalAddress(key);
      }
      return vertx.createWebSocketClient(options);
    });
  }

  /**
   * Counts one broadcast arrival. Frames of posts sent before the step began (warm-up, or a previous step
   * the server is still catching up on) are not this step's: counting them inflated delivered/expected
   * past 100 % and their backlog latency polluted the step's RTT.
   */
  void arrived(long sentAtMicros, long rttMicros) {
    if (sentAtMicros < countFromMicros) {
      return;
    }
    delivered.increment();
    rtt.record(rttMicros);
  }

  void opened() {
    open.incrementAndGet();
  }

  void closed(CableClient client, boolean expected) {
    open.decrementAndGet();
    if (!expected) {
      unexpectedCloses.increment();
    }
  }

  void welcomed() {
    welcomes.increment();
  }

  void serverDisconnect() {
    serverDisconnects.increment();
  }

  void churnOp() {
    churnOps.increment();
  }

  void churnRejected() {
    churnRejected.increment();
  }

  @Override
  public void close() {
    snapshot().forEach(CableClient::close);
    clientsBySource.values().forEach(WebSocketClient::close);
    if (ownsVertx) {
      vertx.close();
    }
  }

  static JsonArray counts(int[] values) {
    JsonArray array = new JsonArray();
    for (int v : values) {
      array.add(v);
    }
    return array;
  }
}
