package io.cablecluster.gateway.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.protocol.Frames;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The SSE encoder against AnyCable-Go's sse/encoder.go shapes. */
class SseEncoderTest {
  private static final String ID = "{\"channel\":\"$pubsub\",\"stream_name\":\"a/b\"}";
  private static final Broadcast NUMBERED = new Broadcast("a/b", "{\"x\":1}", null, false, null, "ep", 3);

  @Test
  @DisplayName("Verifies that typed messages become named events carrying the whole frame")
  void typedMessagesBecomeNamedEvents() {
    assertEquals("event: welcome\ndata: {\"type\":\"welcome\"}\n\n", SseEncoder.GET.encode(Frames.welcome(null)).toString());
    assertEquals("event: confirm_subscription\ndata: " + Frames.confirm(ID) + "\n\n",
        SseEncoder.POST.encode(Frames.confirm(ID)).toString());
  }

  @Test
  @DisplayName("Verifies that a disconnect without reconnect asks EventSource to wait a year")
  void disconnectWithoutReconnectAddsRetry() {
    assertEquals("event: disconnect\ndata: " + Frames.disconnect("remote", false) + "\nretry: 31536000000\n\n",
        SseEncoder.GET.encode(Frames.disconnect("remote", false)).toString());
    assertEquals("event: disconnect\ndata: " + Frames.disconnect("server_restart", true) + "\n\n",
        SseEncoder.GET.encode(Frames.disconnect("server_restart", true)).toString());
  }

  @Test
  @DisplayName("Verifies that raw encoders drop every typed message, pings and disconnects included")
  void rawDropsTypedMessages() {
    assertSame(SseEncoder.NOTHING, SseEncoder.GET_RAW.encode(Frames.ping(1)));
    assertSame(SseEncoder.NOTHING, SseEncoder.GET_RAW.encode(Frames.disconnect("remote", false)));
    assertEquals("data: {\"x\":1}\nid: 3/ep/a/b\n\n", SseEncoder.GET_RAW.data(ID, "{\"x\":1}", NUMBERED).toString());
  }

  @Test
  @DisplayName("Verifies that GET unwraps the message and POST keeps the whole frame, both with the position id")
  void getUnwrapsAndPostKeepsTheFrame() {
    assertEquals("data: {\"x\":1}\nid: 3/ep/a/b\n\n", SseEncoder.GET.data(ID, "{\"x\":1}", NUMBERED).toString());
    assertEquals("data: " + Frames.data(ID, "{\"x\":1}", NUMBERED) + "\nid: 3/ep/a/b\n\n",
        SseEncoder.POST.data(ID, "{\"x\":1}", NUMBERED).toString());
    // The replay path encodes the same frame from its JSON: the same bytes.
    assertEquals(SseEncoder.GET.data(ID, "{\"x\":1}", NUMBERED).toString(),
        SseEncoder.GET.encode(Frames.data(ID, "{\"x\":1}", NUMBERED)).toString());
  }

  @Test
  @DisplayName("Verifies that a string message is sent bare and every line break starts a new data line")
  void stringMessagesAreBareAndLineBreaksSplitDataLines() {
    Broadcast text = new Broadcast("s", "x", null, false, null, null, 0);
    assertEquals("data: one\ndata: two\ndata: three\ndata: four\n\n",
        SseEncoder.GET.data(ID, "\"one\\ntwo\\r\\nthree\\rfour\"", text).toString());
  }

  @Test
  @DisplayName("Verifies that a position whose stream has a line break is left out rather than break the event")
  void positionWithLineBreakIsLeftOut() {
    Broadcast odd = new Broadcast("a\nid: 9", "1", null, false, null, "ep", 1);
    assertEquals("data: 1\n\n", SseEncoder.GET.data(ID, "1", odd).toString());
  }
}
