package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.logging.Logger;

/**
 * Pub/sub on broadcaster-only replicas: every replica would hear each message and publish it cluster-wide,
 * so only the holder of a Redis lease ({@code SET key holder NX PX ttl}, renewed every third of the TTL)
 * listens. When the holder stops it releases the lease; when it dies the lease expires and another replica
 * takes over within the TTL (pub/sub messages sent in that gap are lost, as pub/sub never promised more).
 */
final class PubSubLease {
  private static final Logger LOG = Logger.getLogger(PubSubLease.class.getName());
  private static final String RENEW = "if redis.call('get', KEYS[1]) == ARGV[1] then "
      + "return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
  private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then "
      + "return redis.call('del', KEYS[1]) else return 0 end";

  private final Vertx vertx;
  private final PubSubAdapter adapter;
  private final String key;
  private final String holder;
  private final long ttlMs;
  private final Handler<Throwable> onFailure;
  private Redis redis;
  private RedisConnection control;
  private volatile boolean leader;
  private boolean running;
  private boolean busy;
  private long timer = -1;

  PubSubLease(Vertx vertx, PubSubAdapter adapter, String channel, String holder, long ttlMs, CableMetrics metrics,
              Handler<Throwable> onFailure) {
    this.vertx = vertx;
    this.adapter = adapter;
    this.key = "cable-cluster:pubsub-leader:" + channel;
    this.holder = holder;
    this.ttlMs = ttlMs;
    this.onFailure = onFailure;
    metrics.gauge(MetricNames.REDIS_PUBSUB_LEADER, () -> leader ? 1 : 0);
  }

  Future<Void> start(Redis client, RedisConnection commands) {
    redis = client;
    control = commands;
    running = true;
    leader = false;
    timer = vertx.setPeriodic(Math.max(100, ttlMs / 3), t -> tick());
    return tick();
  }

  void stop() {
    running = false;
    leader = false;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    adapter.stop();
  }

  /** Graceful stop: hand the lease over at once instead of letting it expire. */
  Future<Void> release() {
    boolean held = leader;
    stop();
    if (!held || control == null) {
      return Future.succeededFuture();
    }
    return control.send(Request.cmd(Command.EVAL).arg(RELEASE).arg(1).arg(key).arg(holder)).mapEmpty();
  }

  private Future<Void> tick() {
    if (!running || busy) {
      return Future.succeededFuture();
    }
    busy = true;
    Future<Void> step = leader ? renew() : acquire();
    return step.onComplete(ar -> busy = false).onFailure(e -> {
      if (running) {
        stop();
        onFailure.handle(e);
      }
    });
  }

  private Future<Void> acquire() {
    Request take = Request.cmd(Command.SET).arg(key).arg(holder).arg("NX").arg("PX").arg(ttlMs);
    return control.send(take).compose(reply -> {
      if (reply == null || !running) {
        return Future.succeededFuture();
      }
      leader = true;
      LOG.info("redis pub/sub: " + holder + " listens for the cluster");
      return adapter.start(redis);
    });
  }

  private Future<Void> renew() {
    Request extend = Request.cmd(Command.EVAL).arg(RENEW).arg(1).arg(key).arg(holder).arg(ttlMs);
    return control.send(extend).compose(reply -> {
      if (reply == null || reply.toLong() == 0) {
        LOG.warning("redis pub/sub: " + holder + " lost its lease; another replica listens now");
        leader = false;
        adapter.unsubscribe();
      }
      return Future.succeededFuture();
    });
  }
}
