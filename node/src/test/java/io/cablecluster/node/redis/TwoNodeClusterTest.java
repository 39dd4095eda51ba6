package io.cablecluster.node.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.broadcaster.redis.RedisServer;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.FreePorts;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.Checkpoint;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two clustered node JVMs running every role, one Redis: what one node ingests reaches clients of the
 * other exactly once (stream entries through the shared group, pub/sub because each node delivers what
 * it hears only to its own clients), and the event service scales out the same way.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TwoNodeClusterTest {
  private static final Pattern MEMBERS = Pattern.compile("Members \\{size:(\\d+), ver:\\d+}");
  private static RedisServer redis;
  private static NodeJvm first;
  private static NodeJvm second;
  private static Path dir;
  private static final Vertx vertx = Vertx.vertx();
  // Held in fields: Vert.x closes clients that are garbage collected.
  private static final WebSocketClient webSockets = vertx.createWebSocketClient();
  private static final HttpClient http = vertx.createHttpClient();

  @BeforeAll
  static void startCluster() throws Exception {
    dir = Files.createTempDirectory("cable-two-nodes-");
    redis = RedisServer.start();
    int hazelcast = FreePorts.hazelcastBlock(4);
    String[] options = {"--public", "true", "--http_broadcast_port", "0", "--metrics_http", "/metrics",
        "--redis_url", redis.url(),
        "--redis_streams_scan_interval_ms", "200",
        "--cluster", "local", "--cluster_name", "two-" + UUID.randomUUID(),
        "--cluster_port", String.valueOf(hazelcast), "--cluster_port_count", "4"};
    first = NodeJvm.start("first", dir, Map.of(), List.of(), append(options, "--redis_consumer", "first"));
    second = NodeJvm.start("second", dir, Map.of(), List.of(), append(options, "--redis_consumer", "second"));
    awaitTwoMembers(first);
    awaitTwoMembers(second);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    Await.result(vertx.close(), Duration.ofSeconds(10));
    if (first != null) {
      first.close();
    }
    if (second != null) {
      second.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  @DisplayName("Verifies that job entries and AnyCable pub/sub reach a client of either node exactly once")
  void jobEntriesAndAnycablePubSubReachAClientOfEitherNodeExactlyOnce() throws Exception {
    try (CableClient browser = CableClient.welcomed(vertx, second.port(), new io.cablecluster.testkit.CableClientOptions())) {
      String job = JobFlowThroughNodeTest.jobIdentifier("5");
      JobFlowThroughNodeTest.subscribe(browser, job);
      for (int i = 0; i < 10; i++) {
        redis.cli("XADD", "design:jobs:5", "*", "progress", String.valueOf(i * 10));
      }
      for (int i = 0; i < 10; i++) {
        JsonObject message = browser.receive();
        assertEquals(job, message.getString("identifier"));
      }
      browser.assertNoMessage(Duration.ofMillis(500));

      awaitSubscribers(2);
      JsonObject done = new JsonObject().put("status", "done");
      redis.cli("PUBLISH", "__anycable__",
          new JsonObject().put("stream", "design:jobs:5").put("data", done.encode()).encode());
      assertEquals(JobFlowThroughNodeTest.message(job, done), browser.receive());
      browser.assertNoMessage(Duration.ofMillis(500));
    }
  }

  /** Lives on the client Vert.x's event loop: connect, then post once the socket listens, then verify both. */
  @Test
  @ExtendWith(VertxExtension.class)
  @DisplayName("Verifies that an event posted to one node reaches WebSocket clients of the other")
  void anEventPostedToOneNodeReachesWebSocketClientsOfTheOther(VertxTestContext ctx) {
    JsonObject expected = new JsonObject().put("type", "order:shipped").put("payload", new JsonObject().put("order", 7));
    Checkpoint acceptedAndDelivered = ctx.checkpoint(2);
    webSockets.connect(second.port(), "127.0.0.1", "/ws").onComplete(ctx.succeeding(socket -> {
      socket.textMessageHandler(frame -> ctx.verify(() -> {
        assertEquals(expected, new JsonObject(frame));
        socket.close();
        acceptedAndDelivered.flag();
      }));
      http.request(HttpMethod.POST, first.port(), "127.0.0.1", "/events/order-shipped")
          .compose(req -> req.send("{\"order\":7}"))
          .onComplete(ctx.succeeding(response -> ctx.verify(() -> {
            assertEquals(202, response.statusCode());
            acceptedAndDelivered.flag();
          })));
    }));
  }

  @Test
  @DisplayName("Verifies that both joined nodes are ready, name the cluster's two members and report them in cluster_members_num")
  void joinedNodesAreReady() throws Exception {
    for (NodeJvm node : List.of(first, second)) {
      java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(node.url("/readiness")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ready.statusCode(), ready.body());
      assertEquals("ok (2 members)", new JsonObject(ready.body()).getJsonObject("checks").getString("cluster"));
      assertEquals(2.0, node.metric("anycable_go_cluster_members_num"), node.name());
    }
  }

  /** Redis tells no one when a client subscribes; its own count is the only signal. */
  private static void awaitSubscribers(int count) {
    Await.until("every node subscribed to __anycable__", Duration.ofSeconds(20),
        () -> redis.cli("PUBSUB", "NUMSUB", "__anycable__").endsWith(String.valueOf(count)));
  }

  private static String[] append(String[] options, String... more) {
    String[] all = java.util.Arrays.copyOf(options, options.length + more.length);
    System.arraycopy(more, 0, all, options.length, more.length);
    return all;
  }

  /** Hazelcast's member list reaches this JVM only through the node's log: polled. */
  private static void awaitTwoMembers(NodeJvm node) {
    node.awaitCondition(Duration.ofSeconds(120), "a cluster of 2", () -> {
      Matcher m = MEMBERS.matcher(node.output());
      String last = null;
      while (m.find()) {
        last = m.group(1);
      }
      return "2".equals(last) && node.status("/health") == 200;
    });
  }

}
