package io.cablecluster.gateway.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How SSE requests become subscribe commands (AnyCable-Go's sse/sse.go). */
class SseRequestTest {

  private static JsonObject only(List<String> commands) {
    assertEquals(1, commands.size());
    return new JsonObject(commands.get(0));
  }

  @Test
  @DisplayName("Verifies that identifier wins over channel and stream parameters, as in AnyCable-Go")
  void identifierWinsOverChannelAndStream() throws Exception {
    MultiMap params = MultiMap.caseInsensitiveMultiMap().add("stream", "s").add("channel", "Chat")
        .add("identifier", "{\"channel\":\"X\"}");
    assertEquals("{\"channel\":\"X\"}", only(SseRequest.fromQuery(params, null, "$pubsub")).getString("identifier"));
    params.remove("identifier");
    assertEquals("{\"channel\":\"Chat\"}", only(SseRequest.fromQuery(params, null, "$pubsub")).getString("identifier"));
  }

  @Test
  @DisplayName("Verifies that Last-Event-ID keeps everything after the second slash as the stream")
  void lastEventIdKeepsSlashesInTheStream() throws Exception {
    assertEquals(new JsonObject().put("a/b/c", new JsonObject().put("offset", 12L).put("epoch", "ep")),
        SseRequest.lastEventId("12/ep/a/b/c"));
    assertNull(SseRequest.lastEventId("12/ep"));
    assertThrows(SseRequest.BadRequest.class, () -> SseRequest.lastEventId("-1/ep/s"));
  }

  @Test
  @DisplayName("Verifies that history_since and Last-Event-ID both go into the subscribe's history")
  void historySinceAndLastEventIdFormTheHistory() throws Exception {
    MultiMap params = MultiMap.caseInsensitiveMultiMap().add("stream", "s").add("history_since", "100");
    JsonObject history = only(SseRequest.fromQuery(params, "3/ep/s", "$pubsub")).getJsonObject("history");
    assertEquals(100L, history.getLong("since"));
    assertEquals(3L, history.getJsonObject("streams").getJsonObject("s").getLong("offset"));
  }

  @Test
  @DisplayName("Verifies that POST lines each become a subscribe, blank lines skipped, bad lines refused")
  void postLinesEachBecomeASubscribe() throws Exception {
    List<String> commands = SseRequest.fromBody(Buffer.buffer(
        "{\"command\":\"message\",\"identifier\":\"a\"}\n\n{\"identifier\":\"b\",\"history\":{\"since\":5}}\n"));
    assertEquals(List.of("{\"command\":\"subscribe\",\"identifier\":\"a\"}",
        "{\"command\":\"subscribe\",\"identifier\":\"b\",\"history\":{\"since\":5}}"), commands);
    assertEquals(List.of(), SseRequest.fromBody(Buffer.buffer("")));
    assertThrows(SseRequest.BadRequest.class, () -> SseRequest.fromBody(Buffer.buffer("[1]")));
    assertThrows(SseRequest.BadRequest.class, () -> SseRequest.fromBody(Buffer.buffer("{\"command\":\"subscribe\"}")));
    assertThrows(SseRequest.BadRequest.class, () -> SseRequest.fromBody(Buffer.buffer("{\"identifier\":\"a\"}\n".repeat(129))));
  }
}
