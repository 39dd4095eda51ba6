package io.cablecluster.broadcaster.redis;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Finds stream keys matching the configured globs: a SCAN at start and every scan interval, plus keyspace
 * notifications ({@code xadd} events) for near-immediate discovery when the server emits them. The
 * notifications are only a shortcut; SCAN alone finds every key, just later.
 */
final class KeyDiscovery {
  private static final Logger LOG = Logger.getLogger(KeyDiscovery.class.getName());
  private final Vertx vertx;
  private final List<KeyPattern> patterns;
  private final Consumer<String> found;
  private final long scanIntervalMs;
  private final int database;
  private final boolean enableKeyspaceEvents;
  private final Handler<Throwable> onFailure;
  private RedisConnection control;
  private boolean running;
  private boolean scanning;
  private int generation;
  private long scanTimer = -1;

  KeyDiscovery(Vertx vertx, List<KeyPattern> patterns, Consumer<String> found, long scanIntervalMs, int database,
               boolean enableKeyspaceEvents, Handler<Throwable> onFailure) {
    this.vertx = vertx;
    this.patterns = patterns;
    this.found = found;
    this.scanIntervalMs = scanIntervalMs;
    this.database = database;
    this.enableKeyspaceEvents = enableKeyspaceEvents;
    this.onFailure = onFailure;
  }

  Future<Void> start(Redis redis, RedisConnection commands) {
    if (patterns.isEmpty()) {
      return Future.succeededFuture();
    }
    control = commands;
    running = true;
    int session = ++generation;
    Future<Void> events = enableKeyspaceEvents ? enableStreamEvents() : Future.succeededFuture();
    return events.compose(v -> redis.connect()).compose(subscriber -> {
      String prefix = "__keyspace@" + database + "__:";
      subscriber.handler(message -> onKeyspaceMessage(prefix, message));
      subscriber.exceptionHandler(this::fail);
      subscriber.endHandler(v -> fail(new IllegalStateException("keyspace subscription closed")));
      Request subscribe = Request.cmd(Command.PSUBSCRIBE);
      patterns.forEach(p -> subscribe.arg(prefix + p.glob()));
      return subscriber.send(subscribe);
    }).compose(v -> scan(session)).onSuccess(v ->
        scanTimer = vertx.setPeriodic(scanIntervalMs, t -> scan(session).onFailure(this::fail)));
  }

  void stop() {
    running = false;
    generation++;
    if (scanTimer >= 0) {
      vertx.cancelTimer(scanTimer);
      scanTimer = -1;
    }
  }

  private void onKeyspaceMessage(String prefix, Response message) {
    if (message == null || message.size() < 4 || !"pmessage".equals(message.get(0).toString())) {
      return;
    }
    String channel = message.get(2).toString();
    if ("xadd".equals(message.get(3).toString()) && channel.startsWith(prefix)) {
      found.accept(channel.substring(prefix.length()));
    }
  }

  private Future<Void> scan(int session) {
    if (scanning || !running || session != generation) {
      return Future.succeededFuture();
    }
    scanning = true;
    Future<Void> chain = Future.succeededFuture();
    for (KeyPattern pattern : patterns) {
      chain = chain.compose(v -> scanFrom(pattern, "0", session));
    }
    return chain.onComplete(ar -> scanning = false);
  }

  private Future<Void> scanFrom(KeyPattern pattern, String cursor, int session) {
    if (session != generation) {
      return Future.succeededFuture();
    }
    Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern.glob())
        .arg("COUNT").arg(1000).arg("TYPE").arg("stream");
    return control.send(scan).compose(reply -> {
      for (Response key : reply.get(1)) {
        found.accept(key.toString());
      }
      String next = reply.get(0).toString();
      return "0".equals(next) ? Future.succeededFuture() : scanFrom(pattern, next, session);
    });
  }

  /** Adds keyspace events for streams (K + t) to the server's setting; refused on managed servers, which is fine. */
  private Future<Void> enableStreamEvents() {
    return control.send(Request.cmd(Command.CONFIG).arg("GET").arg("notify-keyspace-events")).compose(reply -> {
      String current = reply == null ? "" : currentFlags(reply);
      String wanted = current;
      if (!wanted.contains("K")) {
        wanted += "K";
      }
      if (!wanted.contains("t") && !wanted.contains("A")) {
        wanted += "t";
      }
      if (wanted.equals(current)) {
        return Future.<Void>succeededFuture();
      }
      return control.send(Request.cmd(Command.CONFIG).arg("SET").arg("notify-keyspace-events").arg(wanted)).<Void>mapEmpty();
    }).recover(e -> {
      LOG.info("keyspace notifications not enabled (" + e.getMessage() + "); discovering keys by SCAN only");
      return Future.succeededFuture();
    });
  }

  private static String currentFlags(Response reply) {
    if (reply.isMap()) {
      Response value = reply.get("notify-keyspace-events");
      return value == null ? "" : value.toString();
    }
    return reply.size() >= 2 && reply.get(1) != null ? reply.get(1).toString() : "";
  }

  private void fail(Throwable cause) {
    if (!running) {
      return;
    }
    stop();
    onFailure.handle(cause);
  }
}
