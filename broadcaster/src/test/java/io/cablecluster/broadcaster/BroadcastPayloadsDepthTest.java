package io.cablecluster.broadcaster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cablecluster.core.Broadcast;
import io.cablecluster.core.json.JsonDepth;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Broadcast payloads (HTTP bodies, Redis pub/sub and RedisX entries) get the depth guard (hardening row 4). */
class BroadcastPayloadsDepthTest {

  private static String nested(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  @Test
  @DisplayName("Verifies that a payload nested 2,000 deep is malformed (a 400 on /_broadcast), not a StackOverflowError")
  void deepPayloadIsMalformed() {
    BroadcastPayloads.MalformedPayload malformed = assertThrows(BroadcastPayloads.MalformedPayload.class,
        () -> BroadcastPayloads.parse("{\"stream\":\"s\",\"data\":" + nested(2_000) + "}"));
    assertEquals(JsonDepth.tooDeep(), malformed.getMessage());
    assertThrows(BroadcastPayloads.MalformedPayload.class, () -> BroadcastPayloads.parse(nested(100_000)));
  }

  @Test
  @DisplayName("Verifies that deep JSON inside the data string is text and still broadcast as is")
  void deepJsonInsideDataStringIsText() {
    String data = nested(2_000);
    String body = new io.vertx.core.json.JsonObject().put("stream", "s").put("data", data).encode();
    Broadcast broadcast = (Broadcast) BroadcastPayloads.parse(body).get(0);
    assertEquals(data, broadcast.data());
  }
}
