package io.cablecluster.load;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One simulated browser tab: connects, waits for welcome, subscribes, then counts broadcast arrivals
 * (frames carrying {@code "bench_ts"}) or churns through distinct streams.
 */
final class CableClient {
  static final String BENCH_TS = "\"bench_ts\":";

  enum Outcome { CONFIRMED, WELCOMED, REJECTED, FAILED, CLOSED, TIMED_OUT }

  private final LocalFleet fleet;
  private final ClientSpec spec;
  final int index;
  final String stream;
  private final Promise<Outcome> settled = Promise.promise();
  private volatile WebSocket socket;
  private volatile boolean closing;
  private boolean subscribe;
  private long startNanos;
  volatile long confirmMicros = -1;
  volatile String failure;
  volatile boolean welcomed;
  private volatile boolean churning;
  private int churnSeq;
  private String churnIdentifier;

  CableClient(LocalFleet fleet, ClientSpec spec, int index) {
    this.fleet = fleet;
    this.spec = spec;
    this.index = index;
    this.stream = spec.stream(index);
  }

  Future<Outcome> start(WebSocketClient client, boolean subscribe, long timeoutMs) {
    this.subscribe = subscribe;
    startNanos = System.nanoTime();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost(spec.host()).setPort(spec.port(index)).setTimeout(timeoutMs);
    if (spec.actionCable()) {
      options.setURI(spec.path()).setSubProtocols(List.of("actioncable-v1-json"));
    } else {
      options.setURI(spec.path() + "?events=" + URLEncoder.encode(stream, StandardCharsets.UTF_8));
    }
    client.connect(options).onComplete(ar -> {
      if (ar.failed()) {
        failure = String.valueOf(ar.cause().getMessage());
        settled.tryComplete(Outcome.FAILED);
        return;
      }
      WebSocket ws = ar.result();
      socket = ws;
      fleet.opened();
      ws.textMessageHandler(this::onText);
      ws.exceptionHandler(e -> failure = String.valueOf(e.getMessage()));
      ws.closeHandler(v -> {
        fleet.closed(this, closing);
        settled.tryComplete(Outcome.CLOSED);
      });
      if (!spec.actionCable()) {
        welcomed = true;
        confirmMicros = (System.nanoTime() - startNanos) / 1000;
        settled.tryComplete(Outcome.CONFIRMED);
      }
    });
    return settled.future();
  }

  private void onText(String text) {
    int at = text.indexOf(BENCH_TS);
    if (at >= 0) {
      long sentAt = Clock.parseLong(text, at + BENCH_TS.length());
      if (sentAt > 0) {
        fleet.arrived(sentAt, Clock.nowMicros() - sentAt);
      }
      return;
    }
    if (!spec.actionCable() || text.contains("\"ping\"")) {
      return;
    }
    if (text.contains("\"welcome\"")) {
      welcomed = true;
      fleet.welcomed();
      if (subscribe) {
        send("subscribe", spec.identifier(stream));
      } else {
        settled.tryComplete(Outcome.WELCOMED);
      }
    } else if (text.contains("\"confirm_subscription\"")) {
      if (churnIdentifier != null) {
        onChurnConfirmed();
      } else {
        confirmMicros = (System.nanoTime() - startNanos) / 1000;
        settled.tryComplete(Outcome.CONFIRMED);
      }
    } else if (text.contains("\"reject_subscription\"")) {
      if (churnIdentifier != null) {
        fleet.churnRejected();
        onChurnConfirmed();
      } else {
        settled.tryComplete(Outcome.REJECTED);
      }
    } else if (text.contains("\"disconnect\"")) {
      fleet.serverDisconnect();
    }
  }

  /** Subscribe to a fresh stream, on confirmation unsubscribe and move on, until {@link #stopChurn}. */
  synchronized void startChurn() {
    if (socket == null || closing) {
      return;
    }
    churning = true;
    subscribeNextChurnStream();
  }

  void stopChurn() {
    churning = false;
  }

  private synchronized void onChurnConfirmed() {
    if (!churning) {
      send("unsubscribe", churnIdentifier);
      return;
    }
    fleet.churnOp();
    send("unsubscribe", churnIdentifier);
    fleet.churnOp();
    subscribeNextChurnStream();
  }

  private void subscribeNextChurnStream() {
    churnIdentifier = spec.identifier("churn-" + index + "-" + (churnSeq++));
    send("subscribe", churnIdentifier);
  }

  private void send(String command, String identifier) {
    WebSocket ws = socket;
    if (ws != null && !ws.isClosed()) {
      ws.writeTextMessage(new JsonObject().put("command", command).put("identifier", identifier).encode());
    }
  }

  void timeOut() {
    settled.tryComplete(Outcome.TIMED_OUT);
  }

  Future<Void> close() {
    closing = true;
    WebSocket ws = socket;
    if (ws == null || ws.isClosed()) {
      return Future.succeededFuture();
    }
    return ws.close().recover(e -> Future.succeededFuture());
  }

  boolean open() {
    WebSocket ws = socket;
    return ws != null && !ws.isClosed();
  }
}
