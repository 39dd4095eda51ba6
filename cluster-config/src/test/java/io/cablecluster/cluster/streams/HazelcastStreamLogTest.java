package io.cablecluster.cluster.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cablecluster.core.Broadcast;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.presence.PresenceConfig;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.HistoryUnavailable;
import io.cablecluster.core.streams.StreamLog;
import io.cablecluster.core.streams.StreamLogConfig;
import io.cablecluster.core.streams.StreamPosition;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The stream log and session vault on a real (single, unjoined) Hazelcast member: the configuration is one a
 * member accepts, and the operations survive Hazelcast's serialization.
 */
class HazelcastStreamLogTest {
  private static HazelcastInstance hazelcast;
  private static Vertx vertx;
  private static HazelcastStreamLog log;
  private static HazelcastSessionVault sessions;
  private static HazelcastPresenceStore presence;

  @BeforeAll
  static void start() {
    Settings settings = Settings.of(Map.of("broker", "memory"));
    Config config = new Config().setClusterName("log-test-" + UUID.randomUUID());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.getNetworkConfig().setPort(0).getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    HazelcastStreamLog.configure(config, StreamLogConfig.from(settings));
    HazelcastSessionVault.configure(config, SessionsConfig.from(settings));
    HazelcastPresenceStore.configure(config);
    hazelcast = Hazelcast.newHazelcastInstance(config);
    vertx = Vertx.vertx();
    log = new HazelcastStreamLog(vertx, hazelcast, StreamLogConfig.from(settings), "node-a");
    sessions = new HazelcastSessionVault(vertx, hazelcast, SessionsConfig.from(settings));
    presence = new HazelcastPresenceStore(vertx, hazelcast, new PresenceConfig(1, 4096, 100));
    await(log.start());
  }

  @AfterAll
  static void stop() {
    await(log.stop());
    await(vertx.close());
    hazelcast.shutdown();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    throw new AssertionError("expected a failure");
  }

  @Test
  @DisplayName("Verifies that the home numbers a stream, answers a retried message id with its first position, and serves history by position and time")
  void homeNumbersStoresAndServesHistory() {
    StreamPosition followed = await(log.follow("chat"));
    assertNotNull(followed);
    assertEquals(0, followed.offset());
    StreamLog.Routed first = await(log.route(Broadcast.of("chat", "1"), "m1"));
    assertNull(first.nodes(), "every node, while the home's followers may be incomplete");
    Broadcast again = await(log.append(Broadcast.of("chat", "1"), "m1"));
    Broadcast second = await(log.append(Broadcast.of("chat", "2"), "m2"));
    assertEquals(followed.epoch(), first.broadcast().epoch());
    assertEquals(1, first.broadcast().offset());
    assertEquals(first.broadcast(), again);
    assertEquals(2, second.offset());
    assertEquals(List.of(second), await(log.after("chat", followed.epoch(), 1)));
    assertEquals(2, await(log.since("chat", 0)).size());
    assertTrue(assertInstanceOf(HistoryUnavailable.class, failure(log.after("chat", "other", 1))).unknownEpoch());
    assertEquals(new StreamPosition(followed.epoch(), 2), await(log.position("chat")));
    await(log.unfollow("chat"));
  }

  @Test
  @DisplayName("Verifies that presence at the home announces ids, answers info, and a lease nobody renews ends with a leave event from the sweep")
  void presenceLeasesEndAtTheHome() {
    java.util.concurrent.BlockingQueue<String> leaves = new java.util.concurrent.LinkedBlockingQueue<>();
    await(presence.start((stream, event) -> leaves.add(stream + " " + event)));
    try {
      assertNotNull(await(presence.join("room", "s1", "u1", "{\"n\":1}")));
      assertNull(await(presence.join("room", "s2", "u1", null)));
      assertEquals("{\"type\":\"info\",\"total\":1}", await(presence.info("room", false)));
      // presence_ttl is 1 s here and nobody renews: the sweep ends both leases and announces u1 once.
      assertEquals("room {\"type\":\"leave\",\"id\":\"u1\"}", leaves.poll(10, TimeUnit.SECONDS));
      assertEquals("{\"type\":\"info\",\"total\":0}", await(presence.info("room", false)));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    } finally {
      await(presence.stop());
    }
  }

  @Test
  @DisplayName("Verifies that a kept session is taken once, touched while it exists, and not kept over its byte bound")
  void sessionsAreTakenOnce() {
    await(sessions.keep("sid-1", "{\"ids\":\"x\"}"));
    await(sessions.touch("sid-1"));
    assertEquals("{\"ids\":\"x\"}", await(sessions.take("sid-1")));
    assertNull(await(sessions.take("sid-1")));
    await(sessions.keep("sid-2", "x".repeat(70_000)));
    assertNull(await(sessions.take("sid-2")));
  }
}
