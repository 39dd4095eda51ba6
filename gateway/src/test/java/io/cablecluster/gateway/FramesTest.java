package io.cablecluster.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.protocol.JsonText;
import org.junit.jupiter.api.Test;

/** Broadcast data is decoded exactly once (anyt "Broadcast JSON string" and friends). */
class FramesTest {

  @Test
  void jsonObjectDataIsEmbeddedAsIs() {
    assertEquals("{\"a\":1}", JsonText.message("{\"a\":1}"));
  }

  @Test
  void jsonStringLiteralStaysAString() {
    assertEquals("\"{\\\"script\\\":1}\"", JsonText.message("\"{\\\"script\\\":1}\""));
  }

  @Test
  void nonJsonTextBecomesAJsonString() {
    assertEquals("\"plain\"", JsonText.message("plain"));
    assertEquals("\"{broken\"", JsonText.message("{broken"));
    assertEquals("\"1 2\"", JsonText.message("1 2"));
    assertEquals("\"\"", JsonText.message(""));
  }

  @Test
  void dataFrameCarriesThePositionWhenTheBroadcastHasOne() {
    Broadcast positioned = Broadcast.of("s", "1").withPosition("ep", 7);
    assertEquals("{\"identifier\":\"id\",\"message\":1,\"stream_id\":\"s\",\"epoch\":\"ep\",\"offset\":7}",
        Frames.data("id", "1", positioned));
  }

  @Test
  void controlFramesHaveAnyCableShapes() {
    assertEquals("{\"type\":\"disconnect\",\"reason\":\"server_restart\",\"reconnect\":true}",
        Frames.disconnect("server_restart", true));
    assertEquals("{\"identifier\":\"{\\\"channel\\\":\\\"A\\\"}\",\"type\":\"confirm_subscription\"}",
        Frames.confirm("{\"channel\":\"A\"}"));
  }
}
