package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.core.testing.CableTestClient;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The memory broker: AnyCable-Go's history scenarios (CONFORMANCE.md §4.3–4.5) over $pubsub streams. */
class HistoryTest {
  static TestNode node;

  @BeforeAll
  static void startNode() {
    node = TestNode.start(Map.of("public", "true", "http_broadcast_port", "0", "broker", "memory"));
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  static void broadcast(String stream, JsonObject data) {
    assertEquals(201, node.broadcast(new JsonObject().put("stream", stream).put("data", data.encode()).encode(), null).status());
  }

  static long thirtySecondsAgo() {
    return System.currentTimeMillis() / 1000 - 30;
  }

  @Test
  void fetchingByTimestamp() {
    broadcast("history_a", JsonObject.of("user_id", 1, "status", "left"));
    broadcast("history_a", JsonObject.of("user_id", 2, "status", "join"));
    try (CableTestClient client = node.welcomed("/cable")) {
      client.subscribe(TestNode.publicStream("history_a"));
      assertEquals(TestNode.confirmation(TestNode.publicStream("history_a")), client.next());
      client.send(new JsonObject().put("command", "history").put("identifier", TestNode.publicStream("history_a"))
          .put("history", new JsonObject().put("since", thirtySecondsAgo())));
      JsonObject first = client.next();
      assertEquals(JsonObject.of("user_id", 1, "status", "left"), first.getJsonObject("message"));
      assertEquals("history_a", first.getString("stream_id"));
      assertEquals(1L, first.getLong("offset"));
      assertEquals(JsonObject.of("user_id", 2, "status", "join"), client.next().getJsonObject("message"));
      assertEquals(new JsonObject().put("identifier", TestNode.publicStream("history_a")).put("type", "confirm_history"), client.next());
    }
  }

  @Test
  void fetchingByOffset() {
    try (CableTestClient live = node.welcomed("/cable"); CableTestClient late = node.welcomed("/cable")) {
      live.subscribe(TestNode.publicStream("history_b"));
      assertEquals(TestNode.confirmation(TestNode.publicStream("history_b")), live.next());
      broadcast("history_b", JsonObject.of("user_id", 42, "status", "alive"));
      JsonObject received = live.next();
      String epoch = received.getString("epoch");
      long offset = received.getLong("offset");
      late.subscribe(TestNode.publicStream("history_b"));
      assertEquals(TestNode.confirmation(TestNode.publicStream("history_b")), late.next());
      late.send(new JsonObject().put("command", "history").put("identifier", TestNode.publicStream("history_b"))
          .put("history", new JsonObject().put("streams", new JsonObject()
              .put("history_b", new JsonObject().put("epoch", epoch).put("offset", offset - 1)))));
      JsonObject replayed = late.next();
      assertEquals(received, replayed);
      assertEquals("confirm_history", late.next().getString("type"));
    }
  }

  @Test
  void subscribingWithHistory() {
    broadcast("history_c", JsonObject.of("n", 1));
    broadcast("history_c", JsonObject.of("n", 2));
    try (CableTestClient client = node.welcomed("/cable")) {
      client.send(new JsonObject().put("command", "subscribe").put("identifier", TestNode.publicStream("history_c"))
          .put("history", new JsonObject().put("since", thirtySecondsAgo())));
      assertEquals(TestNode.confirmation(TestNode.publicStream("history_c")), client.next());
      assertEquals(1, client.next().getJsonObject("message").getInteger("n"));
      assertEquals(2, client.next().getJsonObject("message").getInteger("n"));
      assertEquals("confirm_history", client.next().getString("type"));
    }
  }

  @Test
  void unknownEpochWithoutATimeIsRejected() {
    broadcast("history_d", JsonObject.of("n", 1));
    try (CableTestClient client = node.welcomed("/cable")) {
      client.subscribe(TestNode.publicStream("history_d"));
      assertEquals(TestNode.confirmation(TestNode.publicStream("history_d")), client.next());
      client.send(new JsonObject().put("command", "history").put("identifier", TestNode.publicStream("history_d"))
          .put("history", new JsonObject().put("streams", new JsonObject()
              .put("history_d", new JsonObject().put("epoch", "other").put("offset", 0)))));
      assertEquals(new JsonObject().put("identifier", TestNode.publicStream("history_d")).put("type", "reject_history"), client.next());
    }
  }

  @Test
  void unknownEpochFallsBackToTheTimeSoAFailedOverClientLosesNothing() {
    broadcast("history_e", JsonObject.of("n", 1));
    try (CableTestClient client = node.welcomed("/cable")) {
      client.subscribe(TestNode.publicStream("history_e"));
      assertEquals(TestNode.confirmation(TestNode.publicStream("history_e")), client.next());
      client.send(new JsonObject().put("command", "history").put("identifier", TestNode.publicStream("history_e"))
          .put("history", new JsonObject().put("since", thirtySecondsAgo()).put("streams", new JsonObject()
              .put("history_e", new JsonObject().put("epoch", "numbered-by-a-dead-node").put("offset", 7)))));
      assertEquals(1, client.next().getJsonObject("message").getInteger("n"));
      assertEquals("confirm_history", client.next().getString("type"));
    }
  }

  @Test
  void whispersAreNotKept() {
    String id = TestNode.publicStream("history_f");
    try (CableTestClient whisperer = node.welcomed("/cable"); CableTestClient reader = node.welcomed("/cable")) {
      whisperer.subscribe(id);
      reader.subscribe(id);
      assertEquals(TestNode.confirmation(id), whisperer.next());
      assertEquals(TestNode.confirmation(id), reader.next());
      whisperer.send(new JsonObject().put("command", "whisper").put("identifier", id).put("data", JsonObject.of("t", 1)));
      JsonObject whisper = reader.next();
      assertEquals(JsonObject.of("t", 1), whisper.getJsonObject("message"));
      assertEquals(null, whisper.getValue("offset"));
      reader.send(new JsonObject().put("command", "history").put("identifier", id)
          .put("history", new JsonObject().put("since", thirtySecondsAgo())));
      assertEquals("confirm_history", reader.next().getString("type"));
    }
  }
}
