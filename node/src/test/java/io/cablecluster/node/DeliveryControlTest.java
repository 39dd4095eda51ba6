package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Public streams, whisper, remote disconnect, metrics, origin checks, floods (with --public). */
class DeliveryControlTest {
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true", "http_broadcast_port", "0", "metrics_http", "/metrics",
        "allowed_origins", "*.example.com,localhost:3000,127.0.0.1", "max_pending_commands", "4"));

  static CableClient subscribed(String stream) {
    CableClient client = cable.node().welcomed("/cable");
    client.subscribe(Identifiers.pubsub(stream));
    assertEquals("confirm_subscription", client.receive().getString("type"));
    return client;
  }

  @Test
  @DisplayName("Verifies that public broadcast needs no key on the main port when configured")
  void publicBroadcastNeedsNoKeyOnTheMainPortWhenConfigured() {
    try (CableClient client = subscribed("open/1")) {
      assertEquals(201, cable.node().broadcast("{\"stream\":\"open/1\",\"data\":\"{\\\"a\\\":1}\"}", null).status());
      assertEquals(1, client.receive().getJsonObject("message").getInteger("a"));
    }
  }

  @Test
  @DisplayName("Verifies that whisper reaches others on the stream but not the sender")
  void whisperReachesOthersOnTheStreamButNotTheSender() {
    String id = Identifiers.pubsub("typing");
    try (CableClient sender = subscribed("typing"); CableClient other = subscribed("typing")) {
      sender.send(new JsonObject().put("command", "whisper").put("identifier", id)
          .put("data", new JsonObject().put("event", "typing").put("user", "Vova")));
      assertEquals(new JsonObject().put("identifier", id)
          .put("message", new JsonObject().put("event", "typing").put("user", "Vova")), other.receive());
      sender.assertNoMessage(Duration.ofMillis(300));
    }
  }

  @Test
  @DisplayName("Verifies that remote disconnect closes every connection with those identifiers")
  void remoteDisconnectClosesEveryConnectionWithThoseIdentifiers() {
    try (CableClient target = cable.node().connect("/cable"); CableClient bystander = cable.node().welcomed("/cable")) {
      String sid = target.receiveAny().getString("sid");
      String identifiers = new JsonObject().put("sid", sid).encode();
      String command = new JsonObject().put("command", "disconnect")
          .put("payload", new JsonObject().put("identifier", identifiers).put("reconnect", true)).encode();
      assertEquals(201, cable.node().broadcast(command, null).status());
      assertEquals(new JsonObject().put("type", "disconnect").put("reason", "remote").put("reconnect", true), target.receive());
      assertEquals((short) 1000, target.awaitClose().code());
      bystander.send("{\"command\":\"ping\"}");
      assertEquals("pong", bystander.receive().getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that origin outside the allowed list is refused")
  void originOutsideTheAllowedListIsRefused() {
    AssertionError refused = null;
    try (CableClient client = cable.node().connect(new CableClientOptions().header("origin", "https://evil.test"))) {
      client.receiveAny();
    } catch (AssertionError e) {
      refused = e;
    }
    assertTrue(refused != null && refused.getMessage().contains("403"), String.valueOf(refused));
    try (CableClient client = cable.node().connect(new CableClientOptions().header("origin", "https://app.example.com"))) {
      assertEquals("welcome", client.receive().getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that a flood of commands is processed in order without loss")
  void aFloodOfCommandsIsProcessedInOrderWithoutLoss() {
    try (CableClient client = cable.node().welcomed("/cable")) {
      for (int i = 0; i < 200; i++) {
        client.subscribe(Identifiers.pubsub("flood/" + i));
      }
      for (int i = 0; i < 200; i++) {
        assertEquals(Identifiers.pubsub("flood/" + i), client.receive().getString("identifier"));
      }
    }
  }

  @Test
  @DisplayName("Verifies that metrics use AnyCable names")
  void metricsUseAnyCableNames() {
    try (CableClient client = subscribed("metered")) {
      String metrics = cable.node().request(HttpMethod.GET, "/metrics", null, Map.of()).body();
      assertTrue(metrics.contains("anycable_go_clients_num"), metrics);
      assertTrue(metrics.contains("anycable_go_client_msg_total"), metrics);
      assertTrue(metrics.contains("anycable_go_broadcast_streams_num"), metrics);
    }
  }
}
