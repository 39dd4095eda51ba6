package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** anyt streams: broadcasts reach subscribers of the streams their channel chose (§2, scenarios 16–26). */
class StreamsScenariosTest extends ScenarioSupport {

  private CableClient subscribed(String identifier) {
    CableClient client = cable.client();
    client.subscribeConfirmed(identifier);
    return client;
  }

  @Test
  @DisplayName("Verifies that broadcast data to stream broadcast object")
  void broadcastDataToStreamBroadcastObject() {
    String identifier = id("BroadcastDataToStreamChannel");
    CableClient client = subscribed(identifier);
    JsonObject value = data(new JsonObject().put("user_id", 1).put("status", "left")
        .put("meta", new JsonObject().put("connection_time", "10s")));
    cable.publisher.publish("a", value);
    assertEquals(msg(identifier, value), client.receive());
  }

  @Test
  @DisplayName("Verifies that broadcast data to stream broadcast custom string")
  void broadcastDataToStreamBroadcastCustomString() {
    String identifier = id("BroadcastDataToStreamChannel");
    CableClient client = subscribed(identifier);
    cable.publisher.publish("a", "<script>alert('Message!');</script>");
    assertEquals(msg(identifier, "<script>alert('Message!');</script>"), client.receive());
  }

  @Test
  @DisplayName("Verifies that broadcast data to stream broadcast JSON string")
  void broadcastDataToStreamBroadcastJsonString() {
    String identifier = id("BroadcastDataToStreamChannel");
    CableClient client = subscribed(identifier);
    cable.publisher.publish("a", "{\"script\":{\"alert\":\"Message!\"}}");
    assertEquals(msg(identifier, "{\"script\":{\"alert\":\"Message!\"}}"), client.receive());
  }

  @Test
  @DisplayName("Verifies that streams with many clients multiple clients receive messages from stream")
  void streamsWithManyClientsMultipleClientsReceiveMessagesFromStream() {
    String identifier = id("StreamsWithManyClientsChannel");
    CableClient client = subscribed(identifier);
    CableClient client2 = subscribed(identifier);
    cable.publisher.publish("a", data("X"));
    assertEquals(msg(identifier, data("X")), client.receive());
    assertEquals(msg(identifier, data("X")), client2.receive());
  }

  @Test
  @DisplayName("Verifies that streams with many clients client receive messages when another client removes subscription")
  void streamsWithManyClientsClientReceiveMessagesWhenAnotherClientRemovesSubscription() {
    String identifier = id("StreamsWithManyClientsChannel");
    CableClient client = subscribed(identifier);
    CableClient client2 = subscribed(identifier);
    cable.publisher.publish("a", data("X"));
    assertEquals(msg(identifier, data("X")), client.receive());
    assertEquals(msg(identifier, data("X")), client2.receive());
    client.unsubscribe(identifier);
    client.roundTrip();
    cable.publisher.publish("a", data("Y"));
    assertEquals(msg(identifier, data("Y")), client2.receive());
    client.assertNoMessage();
  }

  @Test
  @DisplayName("Verifies that multiple streams client receives messages from both streams")
  void multipleStreamsClientReceivesMessagesFromBothStreams() {
    String identifier = id("MultipleStreamsChannel");
    CableClient client = subscribed(identifier);
    cable.publisher.publish("a", data("X"));
    cable.publisher.publish("b", data("Y"));
    assertEquals(msg(identifier, data("X")), client.receive());
    assertEquals(msg(identifier, data("Y")), client.receive());
  }

  @Test
  @DisplayName("Verifies that multiple streams client does not receive messages from any stream after removing subscription")
  void multipleStreamsClientDoesNotReceiveMessagesFromAnyStreamAfterRemovingSubscription() {
    String identifier = id("MultipleStreamsChannel");
    CableClient client = subscribed(identifier);
    cable.publisher.publish("a", data("X"));
    assertEquals(msg(identifier, data("X")), client.receive());
    client.unsubscribe(identifier);
    client.roundTrip();
    cable.publisher.publish("a", data("Y"));
    cable.publisher.publish("b", data("Z"));
    client.assertNoMessage();
  }

  @Test
  @DisplayName("Verifies that single stream client receives messages from the stream")
  void singleStreamClientReceivesMessagesFromTheStream() {
    String identifier = id("SingleStreamChannel");
    CableClient client = subscribed(identifier);
    cable.publisher.publish("a", data("X"));
    assertEquals(msg(identifier, data("X")), client.receive());
    cable.publisher.publish("a", data("Y"));
    assertEquals(msg(identifier, data("Y")), client.receive());
  }

  @Test
  @DisplayName("Verifies that single stream client does not receive messages from the stream after removing subscription")
  void singleStreamClientDoesNotReceiveMessagesFromTheStreamAfterRemovingSubscription() {
    String identifier = id("SingleStreamChannel");
    CableClient client = subscribed(identifier);
    cable.publisher.publish("a", data("X"));
    assertEquals(msg(identifier, data("X")), client.receive());
    client.unsubscribe(identifier);
    client.roundTrip();
    cable.publisher.publish("a", data("Y"));
    client.assertNoMessage();
  }

  @Test
  @DisplayName("Verifies that single stream client receives multiple messages when subscribed to the same channel with different params")
  void singleStreamClientReceivesMultipleMessagesWhenSubscribedToTheSameChannelWithDifferentParams() {
    String identifier = id("SingleStreamChannel");
    String withParam = id("SingleStreamChannel", "some_param", "test");
    CableClient client = subscribed(identifier);
    client.subscribeConfirmed(withParam);
    cable.publisher.publish("a", data("XX"));
    assertReceivesInAnyOrder(client, msg(identifier, data("XX")), msg(withParam, data("XX")));
  }

  @Test
  @DisplayName("Verifies that stop streams client unsubscribes from the stream")
  void stopStreamsClientUnsubscribesFromTheStream() {
    String identifier = id("StopStreamsChannel");
    CableClient client = subscribed(identifier);
    cable.publisher.publish("a", data("X"));
    assertEquals(msg(identifier, data("X")), client.receive());
    client.perform(identifier, new JsonObject().put("action", "unfollow").put("name", "a"));
    // anyt waits 0.2 s; the round trip ends when the unfollow RPC was answered and applied.
    client.roundTrip();
    cable.publisher.publish("a", data("Y"));
    cable.publisher.publish("b", data("Z"));
    assertEquals(msg(identifier, data("Z")), client.receive());
    // Y, had it been delivered, could also come after Z (two streams): nothing may follow either.
    client.assertNoMessage();
  }
}
