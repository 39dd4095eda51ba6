package io.cablecluster.gateway.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.cablecluster.core.Broadcast;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.CountingEncoder;
import io.cablecluster.gateway.testing.RecordingSubscriber;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One stream's fan-out, driven directly (no event bus): frame building, exclusion, per-loop delivery. */
@ExtendWith(VertxExtension.class)
class LocalStreamTest {
  private final CountingEncoder json = new CountingEncoder("json");
  private final CountingEncoder other = new CountingEncoder("other");
  private final LocalStream stream = new LocalStream("chat");
  private Context loopA;
  private Context loopB;

  @BeforeEach
  void setUp(Vertx vertx) {
    loopA = vertx.getOrCreateContext();
    loopB = vertx.getOrCreateContext();
  }

  /** Adds on the subscriber's own event loop, as the hub does for sessions. */
  private RecordingSubscriber subscriber(Context loop, String sid, CountingEncoder encoder, String identifier) {
    RecordingSubscriber subscriber = new RecordingSubscriber(loop, sid, encoder);
    Await.run(loop, () -> stream.add(subscriber, identifier));
    return subscriber;
  }

  private void fanOut(Broadcast broadcast) {
    Await.run(loopA, () -> stream.fanOut(broadcast));
  }

  @Test
  @DisplayName("Verifies that each (encoder, identifier) frame is built once per broadcast and shared by its subscribers on every loop")
  void framesAreBuiltOncePerEncoderAndIdentifier() {
    RecordingSubscriber a1 = subscriber(loopA, "a1", json, "A");
    RecordingSubscriber a2 = subscriber(loopB, "a2", json, "A");
    RecordingSubscriber b1 = subscriber(loopA, "b1", json, "B");
    RecordingSubscriber c1 = subscriber(loopA, "c1", other, "A");

    fanOut(Broadcast.of("chat", "{\"n\":1}"));

    assertEquals(2, json.dataCalls(), "A and B");
    assertEquals(1, other.dataCalls());
    assertSame(a1.awaitFrames(1).get(0), a2.awaitFrames(1).get(0));
    assertNotSame(a1.frames().get(0), c1.awaitFrames(1).get(0), "another encoding has its own frame");
    assertEquals(Frames.data("A", "{\"n\":1}"), c1.frames().get(0).toString());
    assertEquals(Frames.data("B", "{\"n\":1}"), b1.awaitFrames(1).get(0).toString());
    assertEquals(0, a1.foreignDeliveries() + a2.foreignDeliveries() + b1.foreignDeliveries());
  }

  @Test
  @DisplayName("Verifies that exclude_socket skips only the connection with that sid, on every loop")
  void excludeSocketSkipsOnlyTheSender() {
    RecordingSubscriber sender = subscriber(loopA, "sid-1", json, "A");
    RecordingSubscriber sameLoop = subscriber(loopA, "sid-2", json, "A");
    RecordingSubscriber otherLoop = subscriber(loopB, "sid-3", json, "A");

    fanOut(new Broadcast("chat", "\"typing\"", "sid-1", true, null, null, 0));
    fanOut(Broadcast.of("chat", "\"after\""));

    assertEquals(List.of(Frames.data("A", "\"typing\""), Frames.data("A", "\"after\"")), sameLoop.awaitFrames(2)
        .stream().map(Object::toString).toList());
    otherLoop.awaitFrames(2);
    assertEquals(List.of(Frames.data("A", "\"after\"")), sender.texts(), "one loop task delivers both in order");
  }

  @Test
  @DisplayName("Verifies that a removed subscriber gets nothing and its empty group costs no frame")
  void removedSubscriberGetsNothing() {
    RecordingSubscriber stays = subscriber(loopA, "stays", json, "A");
    RecordingSubscriber goes = subscriber(loopA, "goes", json, "B");
    Await.run(loopA, () -> stream.remove(goes, "B"));

    fanOut(Broadcast.of("chat", "1"));

    stays.awaitFrames(1);
    assertEquals(List.of(), goes.frames());
    assertEquals(1, json.dataCalls(), "no frame for identifier B any more");
  }

  @Test
  @DisplayName("Verifies that data that is not JSON is sent as a JSON string and stream positions are added to the frame")
  void nonJsonDataIsQuotedAndPositionsAreKept() {
    RecordingSubscriber a = subscriber(loopA, "a", json, "A");
    Broadcast positioned = Broadcast.of("chat", "plain text").withPosition("ep", 7);

    fanOut(positioned);

    assertEquals("{\"identifier\":\"A\",\"message\":\"plain text\",\"stream_id\":\"chat\",\"epoch\":\"ep\",\"offset\":7}",
        a.awaitFrames(1).get(0).toString());
  }
}
