package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.testing.CableTestClient;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Public streams, whisper, remote disconnect, metrics, origin checks, floods (with --public). */
class DeliveryControlTest {
  static TestNode node;

  @BeforeAll
  static void startNode() {
    node = TestNode.start(Map.of("public", "true", "http_broadcast_port", "0", "metrics_http", "/metrics",
        "allowed_origins", "*.example.com,localhost:3000,127.0.0.1", "max_pending_commands", "4"));
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  static CableTestClient subscribed(String stream) {
    CableTestClient client = node.welcomed("/cable");
    client.subscribe(TestNode.publicStream(stream));
    assertEquals("confirm_subscription", client.next().getString("type"));
    return client;
  }

  @Test
  void publicBroadcastNeedsNoKeyOnTheMainPortWhenConfigured() {
    try (CableTestClient client = subscribed("open/1")) {
      assertEquals(201, node.broadcast("{\"stream\":\"open/1\",\"data\":\"{\\\"a\\\":1}\"}", null).status());
      assertEquals(1, client.next().getJsonObject("message").getInteger("a"));
    }
  }

  @Test
  void whisperReachesOthersOnTheStreamButNotTheSender() {
    String id = TestNode.publicStream("typing");
    try (CableTestClient sender = subscribed("typing"); CableTestClient other = subscribed("typing")) {
      sender.send(new JsonObject().put("command", "whisper").put("identifier", id)
          .put("data", new JsonObject().put("event", "typing").put("user", "Vova")));
      assertEquals(new JsonObject().put("identifier", id)
          .put("message", new JsonObject().put("event", "typing").put("user", "Vova")), other.next());
      sender.assertNoMessage(300);
    }
  }

  @Test
  void remoteDisconnectClosesEveryConnectionWithThoseIdentifiers() {
    try (CableTestClient target = node.connect("/cable"); CableTestClient bystander = node.welcomed("/cable")) {
      String sid = target.nextAny().getString("sid");
      String identifiers = new JsonObject().put("sid", sid).encode();
      String command = new JsonObject().put("command", "disconnect")
          .put("payload", new JsonObject().put("identifier", identifiers).put("reconnect", true)).encode();
      assertEquals(201, node.broadcast(command, null).status());
      assertEquals(new JsonObject().put("type", "disconnect").put("reason", "remote").put("reconnect", true), target.next());
      assertEquals((short) 1000, target.awaitClose().code());
      bystander.send("{\"command\":\"ping\"}");
      assertEquals("pong", bystander.next().getString("type"));
    }
  }

  @Test
  void originOutsideTheAllowedListIsRefused() {
    MultiMap evil = MultiMap.caseInsensitiveMultiMap().add("origin", "https://evil.test");
    AssertionError refused = null;
    try (CableTestClient client = node.connect("/cable", List.of("actioncable-v1-json"), evil)) {
      client.nextAny();
    } catch (AssertionError e) {
      refused = e;
    }
    assertTrue(refused != null && refused.getMessage().contains("403"), String.valueOf(refused));
    MultiMap good = MultiMap.caseInsensitiveMultiMap().add("origin", "https://app.example.com");
    try (CableTestClient client = node.connect("/cable", List.of("actioncable-v1-json"), good)) {
      assertEquals("welcome", client.next().getString("type"));
    }
  }

  @Test
  void aFloodOfCommandsIsProcessedInOrderWithoutLoss() {
    try (CableTestClient client = node.welcomed("/cable")) {
      for (int i = 0; i < 200; i++) {
        client.subscribe(TestNode.publicStream("flood/" + i));
      }
      for (int i = 0; i < 200; i++) {
        assertEquals(TestNode.publicStream("flood/" + i), client.next().getString("identifier"));
      }
    }
  }

  @Test
  void metricsUseAnyCableNames() {
    try (CableTestClient client = subscribed("metered")) {
      String metrics = node.request(HttpMethod.GET, "/metrics", null, Map.of()).body();
      assertTrue(metrics.contains("anycable_go_clients_num"), metrics);
      assertTrue(metrics.contains("anycable_go_client_msg_total"), metrics);
      assertTrue(metrics.contains("anycable_go_broadcast_streams_num"), metrics);
    }
  }
}
