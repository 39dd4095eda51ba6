package io.cablecluster.gateway.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.controller.ChannelRequest;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.RequestEnv;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.protocol.Frames;
import io.cablecluster.gateway.testing.Await;
import io.cablecluster.gateway.testing.FakeController;
import io.cablecluster.gateway.testing.TestConfigs;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** $pubsub, Turbo and CableReady subscriptions answered locally; everything else passed on. */
class LocalChannelsControllerTest {
  private static final String KEY = "s3cr3t";
  private final FakeController next = new FakeController();

  private LocalChannelsController controller(String... flags) {
    return new LocalChannelsController(next, new LocalChannels(TestConfigs.config(flags)));
  }

  private static ChannelRequest request(JsonObject identifier) {
    return new ChannelRequest("sid", "{}", identifier.encode(), new RequestEnv("http://localhost/cable", Map.of()),
        Map.of(), Map.of());
  }

  private static JsonObject pubsub() {
    return new JsonObject().put("channel", "$pubsub");
  }

  @Test
  @DisplayName("Verifies that a correctly signed $pubsub stream is confirmed with its stream, with presence ($p) and without whisper by default")
  void confirmsSignedPubsubStream() {
    ChannelRequest request = request(pubsub().put("signed_stream_name", SignedStreams.sign("chat/42", KEY)));
    CommandResult result = Await.result(controller("streams_secret", KEY).subscribe(request));

    assertEquals(Status.SUCCESS, result.status());
    assertEquals(List.of(Frames.confirm(request.identifier())), result.transmissions());
    assertEquals(List.of("chat/42"), result.streams());
    assertEquals(Map.of(LocalChannelsController.PRESENCE_KEY, "chat/42"), result.istate());
    assertTrue(next.subscribes.isEmpty(), "no backend call for a local channel");
  }

  @Test
  @DisplayName("Verifies that streams_whisper lets a signed $pubsub subscription whisper to its stream ($w in istate)")
  void signedStreamWithWhisper() {
    ChannelRequest request = request(pubsub().put("signed_stream_name", SignedStreams.sign("chat/42", KEY)));
    CommandResult result = Await.result(controller("streams_secret", KEY, "streams_whisper", "true").subscribe(request));

    assertEquals(Map.of(LocalChannelsController.WHISPER_KEY, "chat/42", LocalChannelsController.PRESENCE_KEY,
        "chat/42"), result.istate());
  }

  @Test
  @DisplayName("Verifies that a bad signature, a wrong key or a missing stream field is rejected with reject_subscription")
  void rejectsBadSignatures() {
    LocalChannelsController controller = controller("streams_secret", KEY);
    for (JsonObject identifier : List.of(
        pubsub().put("signed_stream_name", SignedStreams.sign("chat/42", "other-key")),
        pubsub().put("signed_stream_name", "garbage--00"),
        pubsub())) {
      ChannelRequest request = request(identifier);
      CommandResult result = Await.result(controller.subscribe(request));
      assertEquals(Status.FAILURE, result.status(), identifier.encode());
      assertEquals(List.of(Frames.reject(request.identifier())), result.transmissions());
    }
    assertTrue(next.subscribes.isEmpty());
  }

  @Test
  @DisplayName("Verifies that a public $pubsub stream is confirmed (with whisper) only when public streams are on")
  void publicStreamsOnlyWhenEnabled() {
    ChannelRequest request = request(pubsub().put("stream_name", "lobby"));

    CommandResult refused = Await.result(controller("streams_secret", KEY).subscribe(request));
    assertEquals(Status.FAILURE, refused.status());

    CommandResult accepted = Await.result(controller("public_streams", "true").subscribe(request));
    assertEquals(List.of("lobby"), accepted.streams());
    assertEquals(Map.of(LocalChannelsController.WHISPER_KEY, "lobby", LocalChannelsController.PRESENCE_KEY, "lobby"),
        accepted.istate());
  }

  @Test
  @DisplayName("Verifies that Turbo and CableReady signed streams are local only when their channel is turned on")
  void turboAndCableReadyWhenEnabled() {
    JsonObject turbo = new JsonObject().put("channel", "Turbo::StreamsChannel")
        .put("signed_stream_name", SignedStreams.sign("board/1", KEY));
    JsonObject cableReady = new JsonObject().put("channel", "CableReady::Stream")
        .put("identifier", SignedStreams.sign("cr/1", KEY));
    LocalChannelsController on = controller("streams_secret", KEY, "turbo_streams", "true", "cable_ready", "true");

    assertEquals(List.of("board/1"), Await.result(on.subscribe(request(turbo))).streams());
    assertEquals(List.of("cr/1"), Await.result(on.subscribe(request(cableReady))).streams());
    assertTrue(next.subscribes.isEmpty());

    Await.result(controller("streams_secret", KEY).subscribe(request(turbo)));
    assertEquals(turbo.encode(), Await.next(next.subscribes).identifier(), "off: the backend answers");
  }

  @Test
  @DisplayName("Verifies that other channels, non-JSON identifiers and every message go to the next controller")
  void otherChannelsArePassedOn() {
    LocalChannelsController controller = controller("streams_secret", KEY);
    CommandResult answer = FakeController.confirmed("{\"channel\":\"Chat\"}", "chat");
    next.onSubscribe(r -> io.vertx.core.Future.succeededFuture(answer));

    assertSame(answer, Await.result(controller.subscribe(request(new JsonObject().put("channel", "Chat")))));
    Await.result(controller.subscribe(new ChannelRequest("sid", "{}", "not json", null, Map.of(), Map.of())));
    assertEquals(2, next.subscribes.size());

    ChannelRequest local = request(pubsub().put("signed_stream_name", SignedStreams.sign("chat/42", KEY)));
    Await.result(controller.perform(local, "{\"action\":\"x\"}"));
    assertEquals("{\"action\":\"x\"}", Await.next(next.performs).data());
  }

  @Test
  @DisplayName("Verifies that unsubscribing from a local channel answers nothing locally, other channels ask the next controller")
  void unsubscribeLocallyOrPassedOn() {
    LocalChannelsController controller = controller("streams_secret", KEY);
    ChannelRequest local = request(pubsub().put("stream_name", "lobby"));

    assertEquals(CommandResult.NOTHING, Await.result(controller.unsubscribe(local)));
    assertTrue(next.unsubscribes.isEmpty());
    Await.result(controller.unsubscribe(request(new JsonObject().put("channel", "Chat"))));
    assertEquals(1, next.unsubscribes.size());
  }
}
