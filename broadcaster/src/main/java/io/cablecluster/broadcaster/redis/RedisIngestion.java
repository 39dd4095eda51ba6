package io.cablecluster.broadcaster.redis;

import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.streams.StreamPublisher;
import io.cablecluster.core.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.redis.client.ProtocolVersion;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Everything the broadcaster reads from Redis, on one event-loop context: the backend streams
 * (design:jobs…), AnyCable's RedisX stream and pub/sub channel. When any connection fails, all of them
 * are dropped and rebuilt after a backoff (0.1 s doubling to 5 s); the stream groups resume where they
 * were. {@link #healthy()} is false from the first failure until everything is connected again.
 */
public final class RedisIngestion extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(RedisIngestion.class.getName());
  private static final long MAX_BACKOFF_MS = 5_000;

  private final RedisConfig config;
  private final CableMetrics metrics;
  private final Counter reconnects;
  private final boolean pubsubNodeLocal;
  private final IngestLag lag = new IngestLag();
  private StreamGroupConsumer jobs;
  private KeyDiscovery discovery;
  private StreamGroupConsumer redisx;
  private PubSubAdapter pubsub;
  private PubSubLease pubsubLease;
  private final StreamPublisher streams;
  private Redis client;
  private volatile boolean up;
  private boolean stopping;
  private boolean reconnecting;
  private long backoffMs = 100;
  private int attempt;

  /** {@code pubsubNodeLocal}: this node has a gateway, so pub/sub messages (seen by every node) stay local. */
  public RedisIngestion(RedisConfig config, CableMetrics metrics, StreamPublisher streams, boolean pubsubNodeLocal) {
    this.config = config;
    this.streams = streams;
    this.metrics = metrics;
    this.reconnects = metrics.counter(MetricNames.REDIS_RECONNECTS_TOTAL);
    this.pubsubNodeLocal = pubsubNodeLocal;
  }

  @Override
  public Future<?> start() {
    BusPublisher shared = new BusPublisher(streams, metrics, false);
    if (!config.streams().isEmpty()) {
      List<String> keys = new ArrayList<>();
      List<KeyPattern> patterns = new ArrayList<>();
      for (String item : config.streams()) {
        if (KeyPattern.isPattern(item)) {
          patterns.add(KeyPattern.of(item));
        } else {
          keys.add(item);
        }
      }
      jobs = new StreamGroupConsumer(vertx, MetricNames.REDIS_STREAMS, config.streamsGroup(), config.consumer(), "0", false,
          keys, new JobEntryMapping(config.targets()), shared, metrics, config.maxKeys(), config.claimIdleMs(),
          lag, this::onFailure);
      discovery = new KeyDiscovery(vertx, patterns, jobs::addKey, config.scanIntervalMs(), config.database(),
          config.enableKeyspaceEvents(), this::onFailure);
    }
    if (config.redisx()) {
      // "$" like AnyCable: a new group skips old broadcasts; acked entries are deleted as AnyCable does.
      redisx = new StreamGroupConsumer(vertx, MetricNames.REDISX, config.redisxGroup(), config.consumer(), "$", true,
          List.of(config.redisxStream()), new RedisxEntryMapping(), shared, metrics, 1, config.claimIdleMs(),
          lag, this::onFailure);
    }
    if (config.pubsub()) {
      pubsub = new PubSubAdapter(config.channel(), new BusPublisher(streams, metrics, pubsubNodeLocal),
          metrics, this::onFailure);
      if (!pubsubNodeLocal) {
        pubsubLease = new PubSubLease(vertx, pubsub, config.channel(), config.consumer(), config.pubsubLeaseMs(),
            metrics, this::onFailure);
      }
    }
    metrics.gauge(MetricNames.REDIS_CONNECTED, () -> up ? 1 : 0);
    // The node starts even when Redis is down: it reports unhealthy and keeps retrying.
    connect();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    boolean connected = up;
    up = false;
    Future<Void> released = pubsubLease != null && connected
        ? pubsubLease.release().timeout(1, TimeUnit.SECONDS).recover(e -> Future.succeededFuture())
        : Future.succeededFuture();
    return released.eventually(() -> {
      stopComponents();
      return client == null ? Future.succeededFuture() : client.close();
    });
  }

  public boolean healthy() {
    return up;
  }

  /** How far behind the stream readers are (empty while only pub/sub is read). */
  public IngestLag lag() {
    return lag;
  }

  /** Whether any Redis stream (backend streams or RedisX) is read; pub/sub alone has no lag to measure. */
  public boolean readsStreams() {
    return jobs != null || redisx != null;
  }

  private void connect() {
    if (stopping) {
      return;
    }
    int current = ++attempt;
    reconnecting = false;
    client = Redis.createClient(vertx, new RedisOptions().setConnectionString(config.url())
        .setPreferredProtocolVersion(ProtocolVersion.RESP2)
        .setMaxPoolSize(8).setMaxPoolWaiting(1024).setMaxWaitingHandlers(4096));
    Redis redis = client;
    // One connection for short commands (groups, acks, claims, scans); blocking reads and subscriptions
    // get their own. Every connection has handlers, so a dropped one is noticed at once.
    Future<RedisConnection> control = redis.connect().onSuccess(connection -> {
      connection.exceptionHandler(this::onFailure);
      connection.endHandler(v -> onFailure(new IllegalStateException("command connection closed")));
    });
    Future<Void> started = control.mapEmpty();
    if (jobs != null) {
      started = started.compose(v -> jobs.start(redis, control.result()))
          .compose(v -> discovery.start(redis, control.result()));
    }
    if (redisx != null) {
      started = started.compose(v -> redisx.start(redis, control.result()));
    }
    if (pubsubLease != null) {
      started = started.compose(v -> pubsubLease.start(redis, control.result()));
    } else if (pubsub != null) {
      started = started.compose(v -> pubsub.start(redis));
    }
    started.onSuccess(v -> {
      if (current != attempt || stopping) {
        return;
      }
      if (backoffMs > 100) {
        LOG.info("redis: connected again to " + safeUrl());
      }
      up = true;
      backoffMs = 100;
    }).onFailure(e -> {
      if (current == attempt) {
        onFailure(e);
      }
    });
  }

  private void onFailure(Throwable cause) {
    if (stopping || reconnecting) {
      return;
    }
    reconnecting = true;
    boolean wasUp = up;
    up = false;
    stopComponents();
    Redis dead = client;
    long delay = backoffMs;
    backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
    if (wasUp) {
      LOG.warning("redis: lost " + safeUrl() + " (" + cause.getMessage() + "); reconnecting");
    } else {
      LOG.fine(() -> "redis: cannot connect to " + safeUrl() + " (" + cause.getMessage() + "); retry in " + delay + " ms");
    }
    reconnects.increment();
    dead.close().onComplete(ar -> vertx.setTimer(delay, t -> connect()));
  }

  private void stopComponents() {
    if (jobs != null) {
      jobs.stop();
      discovery.stop();
    }
    if (redisx != null) {
      redisx.stop();
    }
    if (pubsubLease != null) {
      pubsubLease.stop();
    } else if (pubsub != null) {
      pubsub.stop();
    }
  }

  private String safeUrl() {
    return config.url().replaceAll("//[^@/]*@", "//***@");
  }
}
