package io.cablecluster.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.broadcaster.BroadcasterRole;
import io.cablecluster.broadcaster.redis.RedisServer;
import io.cablecluster.core.Addresses;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.BusMessage;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.NodeContext;
import io.cablecluster.core.NodeRuntime;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.core.metrics.MetricNames;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broadcaster node (its own JVM) is SIGKILLed while it holds an entry it read and published but did not
 * acknowledge. To hold it there for sure, its Redis user may do everything except XACK (an ACL), so the
 * entry stays pending under its consumer name however long we wait before the kill.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BroadcasterCrashTest {
  @TempDir
  Path dir;

  private NodeJvm crashingBroadcaster(RedisServer redis, String... extra) throws Exception {
    redis.cli("ACL", "SETUSER", "replica-a", "on", ">pw", "~*", "&*", "+@all", "-xack");
    List<String> args = new java.util.ArrayList<>(List.of("--roles", "broadcaster", "--broadcast_key", "k",
        "--redis_url", "redis://replica-a:pw@127.0.0.1:" + redis.port(), "--redis_consumer", "replica-a",
        "--redis_streams_scan_interval_ms", "200", "--metrics_http", "/metrics"));
    args.addAll(List.of(extra));
    return NodeJvm.start("replica-a", dir, Map.of(), List.of(), args.toArray(String[]::new));
  }

  private static void holdPendingThenKill(RedisServer redis, NodeJvm node) throws Exception {
    redis.cli("XADD", "design:jobs", "*", "id", "11", "status", "pending");
    await("replica-a read and published the entry without acknowledging it",
        () -> node.metric("anycable_go_publications_total") >= 1 && pendingOf(redis, "replica-a") == 1);
    node.kill();
    assertEquals(1, pendingOf(redis, "replica-a"), "the crash left the entry pending");
  }

  @Test
  @DisplayName("Verifies that the entry a killed broadcaster held is published when it restarts")
  void theEntryAKilledBroadcasterHeldIsPublishedWhenItRestarts() throws Exception {
    try (RedisServer redis = RedisServer.start();
         NodeJvm node = crashingBroadcaster(redis, "--redis_streams_claim_idle_ms", "3600000")) {
      holdPendingThenKill(redis, node);
      redis.cli("ACL", "SETUSER", "replica-a", "+xack");
      node.restart();
      await("the restarted broadcaster acknowledged it", () -> pendingOf(redis, "replica-a") == 0);
      assertTrue(node.metric("anycable_go_redis_streams_redelivered_total") >= 1);
      assertTrue(node.metric("anycable_go_publications_total") >= 1, "acknowledged only after publishing");
    }
  }

  @Test
  @DisplayName("Verifies that the entry a killed broadcaster held is claimed and published by another replica")
  void theEntryAKilledBroadcasterHeldIsClaimedAndPublishedByAnotherReplica() throws Exception {
    try (RedisServer redis = RedisServer.start();
         NodeJvm node = crashingBroadcaster(redis)) {
      holdPendingThenKill(redis, node);
      Vertx vertx = Vertx.vertx();
      try {
        BlockingQueue<BusMessage> published = new LinkedBlockingQueue<>();
        vertx.eventBus().<String>consumer(Addresses.BROADCAST, m -> published.add(BusMessage.decode(m.body())));
        Settings settings = Settings.of(Map.of("port", "0", "host", "127.0.0.1", "roles", "broadcaster",
            "broadcast_key", "k", "redis_url", redis.url(), "redis_consumer", "replica-b",
            "redis_streams_claim_idle_ms", "500"));
        NodeContext context = new NodeContext(vertx, settings, NodeConfig.from(settings), new CableMetrics(Map.of()));
        NodeRuntime survivor = Await.result(new NodeRuntime(context, List.of(new BroadcasterRole(context))).start(), Duration.ofSeconds(20));
        BusMessage claimed = published.poll(20, TimeUnit.SECONDS);
        assertEquals("design:jobs:11", ((Broadcast) claimed).stream());
        await("replica-b acknowledged it", () -> pendingOf(redis, "replica-a") == 0 && pendingOf(redis, "replica-b") == 0);
        assertEquals(1.0, context.metrics().count(MetricNames.REDIS_STREAMS_CLAIMED_TOTAL));
        Await.result(survivor.stop(), Duration.ofSeconds(20));
      } finally {
        vertx.close();
      }
    }
  }

  @Test
  @DisplayName("Verifies that an ingest-only node is not ready until its Redis is up, and not ready again when Redis goes, while /health (liveness, as in AnyCable-Go) stays 200 so a Redis outage restarts nothing")
  void readinessFollowsRedisWhileLivenessStaysUp() throws Exception {
    try (RedisServer redis = RedisServer.notStarted();
         NodeJvm node = NodeJvm.start("health", dir, "--roles", "broadcaster", "--broadcast_key", "k",
             "--redis_url", redis.url())) {
      await("the node answers", () -> node.status("/health") > 0);
      assertEquals(503, node.status("/readiness"));
      assertEquals(200, node.status("/health"));
      redis.launch();
      await("ready once Redis is up", () -> node.status("/readiness") == 200);
      redis.stop();
      await("not ready again when Redis goes away", () -> node.status("/readiness") == 503);
      assertEquals(200, node.status("/health"));
    }
  }

  /** Pending entries of one consumer in the design:jobs group (0 when it has none). */
  private static long pendingOf(RedisServer redis, String consumer) {
    String detail = redis.cli("XPENDING", "design:jobs", "cable-cluster", "-", "+", "100", consumer);
    return detail.isBlank() ? 0 : detail.lines().filter(l -> l.matches("\\d+-\\d+")).count();
  }

  /** Pending entries, metrics and health live in other processes: polled, there is no event to await. */
  private static void await(String what, BooleanSupplier condition) {
    Await.until(what, Duration.ofSeconds(40), condition);
  }
}
