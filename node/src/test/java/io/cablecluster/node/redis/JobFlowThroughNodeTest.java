package io.cablecluster.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.broadcaster.redis.RedisServer;
import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The seeds' job flow through a whole node: a worker writes to Redis, a browser watching the job sees it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobFlowThroughNodeTest {

  static String jobIdentifier(String id) {
    return new JsonObject().put("channel", "$pubsub").put("stream_name", "design:jobs:" + id).encode();
  }

  static void subscribe(CableClient client, String identifier) {
    client.subscribe(identifier);
    assertEquals("confirm_subscription", client.receive().getString("type"));
  }

  @Test
  @DisplayName("Verifies that worker entries on the queue and on a later job key and AnyCable broadcasts reach the jobs subscriber")
  void workerEntriesOnTheQueueAndOnALaterJobKeyAndAnycableBroadcastsReachTheJobsSubscriber() throws Exception {
    try (RedisServer redis = RedisServer.start();
         InProcessNode node = Nodes.start(Map.of("public", "true", "http_broadcast_port", "0", "redis_url", redis.url(),
             "broadcast_adapter", "http,redis,redisx", "redis_streams_scan_interval_ms", "200"));
         CableClient browser = node.welcomed("/cable")) {
      String job = jobIdentifier("77");
      subscribe(browser, job);

      redis.cli("XADD", "design:jobs", "*", "id", "77", "status", "pending");
      assertEquals(message(job, new JsonObject().put("id", "77").put("status", "pending")), browser.receive());

      redis.cli("XADD", "design:jobs:77", "*", "lowres", "https://cdn.test/77-low.png");
      assertEquals(message(job, new JsonObject().put("lowres", "https://cdn.test/77-low.png")), browser.receive());

      JsonObject done = new JsonObject().put("status", "done");
      String payload = new JsonObject().put("stream", "design:jobs:77").put("data", done.encode()).encode();
      awaitSubscriber(redis);
      redis.cli("PUBLISH", "__anycable__", payload);
      assertEquals(message(job, done), browser.receive());

      redis.cli("XADD", "__anycable__", "*", "payload", payload);
      assertEquals(message(job, done), browser.receive());
      browser.assertNoMessage(Duration.ofMillis(300));
    }
  }

  static JsonObject message(String identifier, JsonObject body) {
    return new JsonObject().put("identifier", identifier).put("message", body);
  }

  /** Redis tells no one when a client subscribes; its own count is the only signal. */
  static void awaitSubscriber(RedisServer redis) {
    Await.until("a subscriber on __anycable__", Duration.ofSeconds(10),
        () -> redis.cli("PUBSUB", "NUMSUB", "__anycable__").endsWith("1"));
  }
}
