package io.cablecluster.core.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StatusSnapshotTest {

  @Test
  @DisplayName("Verifies that only the TOP_STREAMS streams with most subscribers are kept, most subscribed first")
  void keepsTheTopStreamsMostSubscribedFirst() {
    StatusSnapshot snapshot = new StatusSnapshot();
    for (int i = 0; i < 1000; i++) {
      snapshot.stream("s" + i, i % 50);
    }
    JsonArray top = snapshot.toJson().getJsonArray("top_streams");
    assertEquals(StatusSnapshot.TOP_STREAMS, top.size());
    for (int i = 0; i < top.size(); i++) {
      assertEquals(49, top.getJsonObject(i).getInteger("subscribers"));
    }
  }

  @Test
  @DisplayName("Verifies that a long stream name is cut to MAX_STREAM_NAME characters, never inside a surrogate pair")
  void longNamesAreCut() {
    StatusSnapshot snapshot = new StatusSnapshot();
    String emoji = "\uD83D\uDE00";
    snapshot.stream("x".repeat(StatusSnapshot.MAX_STREAM_NAME - 3) + emoji.repeat(50), 1);
    String shown = ((JsonObject) snapshot.toJson().getJsonArray("top_streams").getValue(0)).getString("stream");
    assertTrue(shown.length() <= StatusSnapshot.MAX_STREAM_NAME, shown);
    assertTrue(shown.endsWith("…"));
    assertTrue(!Character.isHighSurrogate(shown.charAt(shown.length() - 2)), "no half surrogate before the ellipsis");
    assertEquals("short", StatusSnapshot.bounded("short"));
  }
}
