package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The memory broker: AnyCable-Go's history scenarios (CONFORMANCE.md §4.3–4.5) over $pubsub streams. */
class HistoryTest {
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("public", "true", "http_broadcast_port", "0", "broker", "memory"));

  static void broadcast(String stream, JsonObject data) {
    assertEquals(201, cable.node().broadcast(new JsonObject().put("stream", stream).put("data", data.encode()).encode(), null).status());
  }

  static long thirtySecondsAgo() {
    return System.currentTimeMillis() / 1000 - 30;
  }

  @Test
  @DisplayName("Verifies that fetching by timestamp")
  void fetchingByTimestamp() {
    broadcast("history_a", JsonObject.of("user_id", 1, "status", "left"));
    broadcast("history_a", JsonObject.of("user_id", 2, "status", "join"));
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.subscribe(Identifiers.pubsub("history_a"));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub("history_a")), client.receive());
      client.send(new JsonObject().put("command", "history").put("identifier", Identifiers.pubsub("history_a"))
          .put("history", new JsonObject().put("since", thirtySecondsAgo())));
      JsonObject first = client.receive();
      assertEquals(JsonObject.of("user_id", 1, "status", "left"), first.getJsonObject("message"));
      assertEquals("history_a", first.getString("stream_id"));
      assertEquals(1L, first.getLong("offset"));
      assertEquals(JsonObject.of("user_id", 2, "status", "join"), client.receive().getJsonObject("message"));
      assertEquals(new JsonObject().put("identifier", Identifiers.pubsub("history_a")).put("type", "confirm_history"), client.receive());
    }
  }

  @Test
  @DisplayName("Verifies that fetching by offset")
  void fetchingByOffset() {
    try (CableClient live = cable.node().welcomed("/cable"); CableClient late = cable.node().welcomed("/cable")) {
      live.subscribe(Identifiers.pubsub("history_b"));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub("history_b")), live.receive());
      broadcast("history_b", JsonObject.of("user_id", 42, "status", "alive"));
      JsonObject received = live.receive();
      String epoch = received.getString("epoch");
      long offset = received.getLong("offset");
      late.subscribe(Identifiers.pubsub("history_b"));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub("history_b")), late.receive());
      late.send(new JsonObject().put("command", "history").put("identifier", Identifiers.pubsub("history_b"))
          .put("history", new JsonObject().put("streams", new JsonObject()
              .put("history_b", new JsonObject().put("epoch", epoch).put("offset", offset - 1)))));
      JsonObject replayed = late.receive();
      assertEquals(received, replayed);
      assertEquals("confirm_history", late.receive().getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that subscribing with history")
  void subscribingWithHistory() {
    broadcast("history_c", JsonObject.of("n", 1));
    broadcast("history_c", JsonObject.of("n", 2));
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.send(new JsonObject().put("command", "subscribe").put("identifier", Identifiers.pubsub("history_c"))
          .put("history", new JsonObject().put("since", thirtySecondsAgo())));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub("history_c")), client.receive());
      assertEquals(1, client.receive().getJsonObject("message").getInteger("n"));
      assertEquals(2, client.receive().getJsonObject("message").getInteger("n"));
      assertEquals("confirm_history", client.receive().getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that unknown epoch without a time is rejected")
  void unknownEpochWithoutATimeIsRejected() {
    broadcast("history_d", JsonObject.of("n", 1));
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.subscribe(Identifiers.pubsub("history_d"));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub("history_d")), client.receive());
      client.send(new JsonObject().put("command", "history").put("identifier", Identifiers.pubsub("history_d"))
          .put("history", new JsonObject().put("streams", new JsonObject()
              .put("history_d", new JsonObject().put("epoch", "other").put("offset", 0)))));
      assertEquals(new JsonObject().put("identifier", Identifiers.pubsub("history_d")).put("type", "reject_history"), client.receive());
    }
  }

  @Test
  @DisplayName("Verifies that a position of a foreign epoch is rejected even with since, as AnyCable-Go does (a time fallback would repeat messages)")
  void foreignEpochIsRejectedEvenWithSince() {
    broadcast("history_e", JsonObject.of("n", 1));
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.subscribe(Identifiers.pubsub("history_e"));
      assertEquals(Identifiers.confirmation(Identifiers.pubsub("history_e")), client.receive());
      client.send(new JsonObject().put("command", "history").put("identifier", Identifiers.pubsub("history_e"))
          .put("history", new JsonObject().put("since", thirtySecondsAgo()).put("streams", new JsonObject()
              .put("history_e", new JsonObject().put("epoch", "numbered-by-a-dead-node").put("offset", 7)))));
      assertEquals(new JsonObject().put("identifier", Identifiers.pubsub("history_e")).put("type", "reject_history"),
          client.receive());
    }
  }

  @Test
  @DisplayName("Verifies that whispers are not kept")
  void whispersAreNotKept() {
    String id = Identifiers.pubsub("history_f");
    try (CableClient whisperer = cable.node().welcomed("/cable"); CableClient reader = cable.node().welcomed("/cable")) {
      whisperer.subscribe(id);
      reader.subscribe(id);
      assertEquals(Identifiers.confirmation(id), whisperer.receive());
      assertEquals(Identifiers.confirmation(id), reader.receive());
      whisperer.send(new JsonObject().put("command", "whisper").put("identifier", id).put("data", JsonObject.of("t", 1)));
      JsonObject whisper = reader.receive();
      assertEquals(JsonObject.of("t", 1), whisper.getJsonObject("message"));
      assertEquals(null, whisper.getValue("offset"));
      reader.send(new JsonObject().put("command", "history").put("identifier", id)
          .put("history", new JsonObject().put("since", thirtySecondsAgo())));
      assertEquals("confirm_history", reader.receive().getString("type"));
    }
  }
}
