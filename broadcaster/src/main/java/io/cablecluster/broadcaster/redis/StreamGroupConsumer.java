package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;

/**
 * Reads a set of Redis streams through one consumer group shared by every replica: each entry is
 * published on the event bus, then acknowledged (at-least-once). Pending entries left by this consumer
 * are re-read at (re)start; those of dead consumers are taken over with XAUTOCLAIM once idle. Blocking
 * reads use their own connection; group creation, acks and claims share the ingestion's command connection.
 *
 * <p>All methods run on the owning verticle's context.
 */
final class StreamGroupConsumer {
  private static final Logger LOG = Logger.getLogger(StreamGroupConsumer.class.getName());
  private static final int BATCH = 100;
  /** COUNT applies per key: split this over the watched keys so one reply stays bounded. */
  private static final int MAX_ENTRIES_PER_READ = 2000;
  private static final int BLOCK_MS = 2000;

  private final Vertx vertx;
  private final String label;
  private final String group;
  private final String consumer;
  private final String startId;
  private final EntryPublisher entryPublisher;
  private final Counter keysOverLimit;
  private final Counter redeliveredEntries;
  private final Counter claimedEntries;
  private final Set<String> staticKeys;
  private final Set<String> keys = new LinkedHashSet<>();
  private final int maxKeys;
  private final long claimIdleMs;
  private final Handler<Throwable> onFailure;
  private final GroupBacklog backlog = new GroupBacklog();

  private RedisConnection control;
  private RedisConnection reader;
  private long readerId = -1;
  private boolean running;
  private boolean reading;
  private boolean claiming;
  private boolean overLimitLogged;
  private int generation;
  private long claimTimer = -1;

  StreamGroupConsumer(Vertx vertx, MetricNames.StreamGroup names, String group, String consumer, String startId,
                      boolean deleteAfterAck, List<String> staticKeys, EntryMapping mapping, BusPublisher publisher,
                      CableMetrics metrics, int maxKeys, long claimIdleMs, IngestLag lag, Handler<Throwable> onFailure) {
    this.vertx = vertx;
    this.label = names.prefix();
    this.group = group;
    this.consumer = consumer;
    this.startId = startId;
    this.staticKeys = new LinkedHashSet<>(staticKeys);
    this.keys.addAll(staticKeys);
    this.entryPublisher = new EntryPublisher(names, group, deleteAfterAck, mapping, publisher, metrics, lag);
    this.keysOverLimit = metrics.counter(names.keysOverLimit());
    this.redeliveredEntries = metrics.counter(names.redelivered());
    this.claimedEntries = metrics.counter(names.claimed());
    this.maxKeys = maxKeys;
    this.claimIdleMs = claimIdleMs;
    this.onFailure = onFailure;
    metrics.gauge(names.keys(), () -> keys.size());
    metrics.gauge(names.pending(), backlog::pending);
    metrics.gauge(names.lag(), backlog::lag);
  }

  Future<Void> start(Redis redis, RedisConnection commands) {
    control = commands;
    running = true;
    int session = ++generation;
    return createGroups(new ArrayList<>(keys))
        .compose(v -> redis.connect())
        .compose(connection -> {
          reader = connection;
          connection.exceptionHandler(this::fail);
          connection.endHandler(v -> fail(new IllegalStateException("connection closed")));
          return connection.send(Request.cmd(Command.CLIENT).arg("ID"));
        })
        .compose(id -> {
          readerId = id.toLong();
          return drainOwnPending(session);
        })
        .onSuccess(v -> {
          claimTimer = vertx.setPeriodic(Math.max(100, claimIdleMs / 2), t -> claimIdle(session));
          readLoop(session);
        });
  }

  /** Stops reading; the caller closes the client, which drops the connections. */
  void stop() {
    running = false;
    generation++;
    reading = false;
    readerId = -1;
    if (claimTimer >= 0) {
      vertx.cancelTimer(claimTimer);
      claimTimer = -1;
    }
  }

  /** A stream that appeared later: read it from its first entry. */
  void addKey(String key) {
    if (keys.contains(key)) {
      return;
    }
    if (keys.size() >= maxKeys) {
      keysOverLimit.increment();
      if (!overLimitLogged) {
        overLimitLogged = true;
        LOG.warning(label + ": watching " + maxKeys + " streams already; ignoring " + key + " and later ones");
      }
      return;
    }
    if (!running) {
      keys.add(key);
      return;
    }
    createGroup(key).onSuccess(exists -> {
      if (exists) {
        keys.add(key);
        wakeReader();
      }
    }).onFailure(e -> LOG.warning(label + ": cannot create group on " + key + ": " + e.getMessage()));
  }

  Set<String> keys() {
    return keys;
  }

  private void readLoop(int session) {
    if (!running || session != generation) {
      return;
    }
    if (keys.isEmpty()) {
      vertx.setTimer(BLOCK_MS, t -> readLoop(session));
      return;
    }
    Request read = readRequest(">", BLOCK_MS);
    reading = true;
    reader.send(read)
        .onComplete(ar -> reading = false)
        .compose(reply -> process(StreamReplies.read(reply)))
        .onSuccess(v -> readLoop(session))
        .onFailure(e -> {
          if (session != generation) {
            return;
          }
          if (keyVanished(e)) {
            resync().onComplete(v -> readLoop(session));
          } else {
            fail(e);
          }
        });
  }

  /** A watched key (or its group) was deleted, even while we were blocked on it: not a connection problem. */
  private static boolean keyVanished(Throwable e) {
    String message = String.valueOf(e.getMessage());
    return message.startsWith("NOGROUP") || message.startsWith("UNBLOCKED");
  }

  private Request readRequest(String id, int blockMs) {
    Request read = Request.cmd(Command.XREADGROUP).arg("GROUP").arg(group).arg(consumer).arg("COUNT")
        .arg(Math.max(1, Math.min(BATCH, MAX_ENTRIES_PER_READ / Math.max(1, keys.size()))));
    if (blockMs > 0) {
      read.arg("BLOCK").arg(blockMs);
    }
    read.arg("STREAMS");
    keys.forEach(read::arg);
    keys.forEach(k -> read.arg(id));
    return read;
  }

  /** Entries this consumer read before a crash or disconnect but never acknowledged. */
  private Future<Void> drainOwnPending(int session) {
    if (keys.isEmpty() || session != generation) {
      return Future.succeededFuture();
    }
    return reader.send(readRequest("0", 0)).compose(reply -> {
      List<StreamEntry> entries = StreamReplies.read(reply);
      if (entries.isEmpty()) {
        return Future.succeededFuture();
      }
      redeliveredEntries.increment(entries.size());
      return process(entries).compose(v -> drainOwnPending(session));
    }).recover(e -> keyVanished(e) ? resync().compose(v -> drainOwnPending(session)) : Future.failedFuture(e));
  }

  private void claimIdle(int session) {
    if (claiming || !running || session != generation) {
      return;
    }
    claiming = true;
    Future<Void> chain = Future.succeededFuture();
    for (String key : new ArrayList<>(keys)) {
      chain = chain.compose(v -> claimFrom(key, "0-0", session));
    }
    chain.onComplete(ar -> {
      claiming = false;
      if (ar.failed() && session == generation && !keyVanished(ar.cause())) {
        fail(ar.cause());
      } else if (session == generation) {
        backlog.measure(control, new ArrayList<>(keys), group);
      }
    });
  }

  private Future<Void> claimFrom(String key, String cursor, int session) {
    if (session != generation) {
      return Future.succeededFuture();
    }
    Request claim = Request.cmd(Command.XAUTOCLAIM).arg(key).arg(group).arg(consumer).arg(claimIdleMs)
        .arg(cursor).arg("COUNT").arg(BATCH);
    return control.send(claim).compose(reply -> {
      StreamReplies.Claimed claimed = StreamReplies.claimed(key, reply);
      if (!claimed.entries().isEmpty()) {
        claimedEntries.increment(claimed.entries().size());
        LOG.info(label + ": claimed " + claimed.entries().size() + " idle pending entries of " + key);
      }
      Future<Void> done = process(claimed.entries());
      return "0-0".equals(claimed.next()) ? done : done.compose(v -> claimFrom(key, claimed.next(), session));
    }).recover(e -> keyVanished(e)
        ? Future.succeededFuture() : Future.failedFuture(e));
  }

  private Future<Void> process(List<StreamEntry> entries) {
    return entries.isEmpty() ? Future.succeededFuture() : entryPublisher.publishThenAck(control, entries);
  }

  private Future<Void> createGroups(List<String> toCreate) {
    Future<Void> chain = Future.succeededFuture();
    for (String key : toCreate) {
      chain = chain.compose(v -> createGroup(key).mapEmpty());
    }
    return chain;
  }

  /**
   * Configured keys get MKSTREAM so their group exists before their first entry. Discovered keys never
   * do: one that is gone (deleted, or lost in a Redis restart) is forgotten rather than recreated empty.
   * Completes with whether the key is watched afterwards.
   */
  private Future<Boolean> createGroup(String key) {
    boolean configured = staticKeys.contains(key);
    Request create = Request.cmd(Command.XGROUP).arg("CREATE").arg(key).arg(group).arg(startId);
    if (configured) {
      create.arg("MKSTREAM");
    }
    return control.send(create).map(true).recover(e -> {
      String message = String.valueOf(e.getMessage());
      if (message.startsWith("BUSYGROUP")) {
        return Future.succeededFuture(true);
      }
      if (!configured && message.contains("requires the key to exist")) {
        keys.remove(key);
        return Future.succeededFuture(false);
      }
      return Future.failedFuture(e);
    });
  }

  /** A watched key was deleted, or recreated without our group: recreate groups, forget what is gone. */
  private Future<Void> resync() {
    return createGroups(new ArrayList<>(keys));
  }

  /** A blocked read only covers the keys it was sent with: unblock it so the next one includes new keys. */
  private void wakeReader() {
    if (reading && readerId > 0) {
      control.send(Request.cmd(Command.CLIENT).arg("UNBLOCK").arg(readerId))
          .onFailure(e -> LOG.fine(() -> label + ": unblock failed: " + e.getMessage()));
    }
  }

  private void fail(Throwable cause) {
    if (!running) {
      return;
    }
    stop();
    onFailure.handle(cause);
  }
}
