package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every kind of bad input gets its documented answer, and the node keeps serving everyone else. */
class BadInputTest {
  static final String SECRET = "s3cr3t";
  static final String KEY = "bk";
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("secret", SECRET, "broadcast_key", KEY, "noauth", "true",
        "max_message_size", "1024", "http_broadcast_max_size", "2048"));

  /** Proves the connection still works after the bad frame: it can subscribe and receive. */
  static void assertStillServes(CableClient client, String stream) {
    String id = Identifiers.signedPubsub(stream, SECRET);
    client.subscribe(id);
    assertEquals("confirm_subscription", client.receive().getString("type"));
    assertEquals(201, cable.node().broadcast(new JsonObject().put("stream", stream).put("data", "1").encode(), KEY).status());
    assertEquals(1, client.receive().getInteger("message"));
  }

  @Test
  @DisplayName("Verifies that malformed JSON frame is ignored and the socket stays open")
  void malformedJsonFrameIsIgnoredAndTheSocketStaysOpen() {
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.send("{not json");
      client.send("[1,2]");
      client.send("\"just a string\"");
      assertStillServes(client, "after-malformed");
    }
  }

  @Test
  @DisplayName("Verifies that unknown command is ignored")
  void unknownCommandIsIgnored() {
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.send("{\"command\":\"explode\",\"identifier\":\"x\"}");
      client.send("{\"identifier\":\"x\"}");
      client.send("{\"command\":\"subscribe\"}");
      assertStillServes(client, "after-unknown");
    }
  }

  @Test
  @DisplayName("Verifies that commands for an unknown identifier are ignored")
  void commandsForAnUnknownIdentifierAreIgnored() {
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.send("{\"command\":\"message\",\"identifier\":\"{\\\"channel\\\":\\\"Nope\\\"}\",\"data\":\"{}\"}");
      client.unsubscribe("{\"channel\":\"Nope\"}");
      client.send("{\"command\":\"whisper\",\"identifier\":\"{\\\"channel\\\":\\\"Nope\\\"}\",\"data\":{}}");
      client.assertNoMessage(Duration.ofMillis(200));
      assertStillServes(client, "after-unknown-identifier");
    }
  }

  @Test
  @DisplayName("Verifies that oversized frame closes the socket with message too big")
  void oversizedFrameClosesTheSocketWithMessageTooBig() {
    try (CableClient client = cable.node().welcomed("/cable"); CableClient bystander = cable.node().welcomed("/cable")) {
      client.send("{\"command\":\"message\",\"identifier\":\"x\",\"data\":\"" + "a".repeat(4096) + "\"}");
      CableClient.Closed closed = client.awaitClose();
      assertEquals((short) 1009, closed.code(), "close reason: " + closed.reason());
      assertEquals("Message too big (max 1024 bytes)", closed.reason());
      assertStillServes(bystander, "after-oversized");
    }
  }

  @Test
  @DisplayName("Verifies that broadcast without or with wrong key is unauthorized")
  void broadcastWithoutOrWithWrongKeyIsUnauthorized() {
    String body = "{\"stream\":\"s\",\"data\":\"1\"}";
    assertEquals(401, cable.node().broadcast(body, null).status());
    InProcessNode.Response wrong = cable.node().broadcast(body, "nope");
    assertEquals(401, wrong.status());
    assertTrue(wrong.json().getString("error").contains("Bearer"));
  }

  @Test
  @DisplayName("Verifies that malformed broadcast body is bad request")
  void malformedBroadcastBodyIsBadRequest() {
    InProcessNode.Response response = cable.node().broadcast("{oops", KEY);
    assertEquals(400, response.status());
    assertEquals("body is not valid JSON", response.json().getString("error"));
  }

  @Test
  @DisplayName("Verifies that broadcast that is not a broadcast is unprocessable")
  void broadcastThatIsNotABroadcastIsUnprocessable() {
    assertEquals(422, cable.node().broadcast("{\"hello\":1}", KEY).status());
    assertEquals(422, cable.node().broadcast("[]", KEY).status());
    assertEquals(422, cable.node().broadcast("{\"stream\":\"s\"}", KEY).status());
    assertEquals(422, cable.node().broadcast("{\"command\":\"reboot\",\"payload\":{}}", KEY).status());
    assertEquals(422, cable.node().request(HttpMethod.GET, "/_broadcast", null, Map.of("authorization", "Bearer " + KEY)).status());
  }

  @Test
  @DisplayName("Verifies that oversized broadcast body is too large")
  void oversizedBroadcastBodyIsTooLarge() {
    String big = "{\"stream\":\"s\",\"data\":\"" + "x".repeat(4096) + "\"}";
    InProcessNode.Response response = cable.node().broadcast(big, KEY);
    assertEquals(413, response.status());
  }

  @Test
  @DisplayName("Verifies that batch broadcast is delivered in order")
  void batchBroadcastIsDeliveredInOrder() {
    String id = Identifiers.signedPubsub("batch", SECRET);
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.subscribe(id);
      assertEquals("confirm_subscription", client.receive().getString("type"));
      assertEquals(201, cable.node().broadcast("[{\"stream\":\"batch\",\"data\":\"1\"},{\"stream\":\"batch\",\"data\":\"2\"}]", KEY).status());
      assertEquals(1, client.receive().getInteger("message"));
      assertEquals(2, client.receive().getInteger("message"));
    }
  }

  @Test
  @DisplayName("Verifies that unknown WebSocket path is refused")
  void unknownWebSocketPathIsRefused() {
    InProcessNode.Response response = cable.node().request(HttpMethod.GET, "/nope", null,
        Map.of("upgrade", "websocket", "connection", "Upgrade", "sec-websocket-version", "13",
            "sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ=="));
    assertEquals(404, response.status());
  }

  @Test
  @DisplayName("Verifies that health answers")
  void healthAnswers() {
    InProcessNode.Response response = cable.node().request(HttpMethod.GET, "/health", null, Map.of());
    assertEquals(200, response.status());
  }
}
