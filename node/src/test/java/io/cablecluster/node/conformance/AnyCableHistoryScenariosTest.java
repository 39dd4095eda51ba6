package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * AnyCable-Go's history extensions (CONFORMANCE.md §4, scenarios 3–5) on streams an RPC channel chose, with
 * the memory broker: stored broadcasts carry their position and can be fetched by time or by offset.
 */
class AnyCableHistoryScenariosTest extends ScenarioSupport {
  private static final JsonObject LEFT = data(new JsonObject().put("user_id", 1).put("status", "left"));
  private static final JsonObject JOINED = data(new JsonObject().put("user_id", 2).put("status", "join"));

  @Override
  protected Map<String, String> flags() {
    return Map.of("broker", "memory");
  }

  /** anyt's "before" block: two broadcasts the subscriber was not there for. */
  private String historyBefore(String stream) {
    cable.publisher.publish(stream, LEFT);
    cable.publisher.publish(stream, JOINED);
    return id("HistoryChannel", "stream", stream);
  }

  private static long thirtySecondsAgo() {
    return System.currentTimeMillis() / 1000 - 30;
  }

  /** A stored broadcast: the data frame plus its position in the stream. */
  private static void assertStored(String identifier, String stream, long offset, JsonObject message, JsonObject frame) {
    assertNotNull(frame.getString("epoch"), frame.encode());
    assertEquals(msg(identifier, message).put("stream_id", stream).put("epoch", frame.getString("epoch"))
        .put("offset", offset), frame);
  }

  @Test
  @DisplayName("Verifies that history fetching by timestamp")
  void historyFetchingByTimestamp() {
    String identifier = historyBefore("history_ts");
    CableClient client = cable.client();
    client.subscribeConfirmed(identifier);
    client.send(new JsonObject().put("command", "history").put("identifier", identifier)
        .put("history", new JsonObject().put("since", thirtySecondsAgo())));
    assertStored(identifier, "history_ts", 1, LEFT, client.receive());
    assertStored(identifier, "history_ts", 2, JOINED, client.receive());
    assertEquals(new JsonObject().put("identifier", identifier).put("type", "confirm_history"), client.receive());
  }

  @Test
  @DisplayName("Verifies that history fetching by offset")
  void historyFetchingByOffset() {
    String identifier = historyBefore("history_offset");
    CableClient client = cable.client();
    client.subscribeConfirmed(identifier);
    JsonObject alive = data(new JsonObject().put("user_id", 42).put("status", "alive"));
    cable.publisher.publish("history_offset", alive);
    JsonObject live = client.receive();
    assertStored(identifier, "history_offset", 3, alive, live);

    CableClient client2 = cable.client();
    client2.subscribeConfirmed(identifier);
    client2.send(new JsonObject().put("command", "history").put("identifier", identifier)
        .put("history", new JsonObject().put("streams", new JsonObject().put(live.getString("stream_id"),
            new JsonObject().put("epoch", live.getString("epoch")).put("offset", live.getLong("offset") - 1)))));
    assertEquals(live, client2.receive());
  }

  @Test
  @DisplayName("Verifies that history subscribing with history")
  void historySubscribingWithHistory() {
    String identifier = historyBefore("history_subscribe");
    CableClient client = cable.client();
    client.send(new JsonObject().put("command", "subscribe").put("identifier", identifier)
        .put("history", new JsonObject().put("since", thirtySecondsAgo())));
    assertEquals(ack(identifier), client.receive());
    assertStored(identifier, "history_subscribe", 1, LEFT, client.receive());
    assertStored(identifier, "history_subscribe", 2, JOINED, client.receive());
  }
}
