package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.testing.CableTestClient;
import io.cablecluster.gateway.channels.SignedStreams;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Action Cable protocol over a real socket, in standalone mode (signed/public streams, no RPC). */
class GatewayProtocolTest {
  static final String SECRET = "s3cr3t";
  static final String KEY = "bk";
  static TestNode node;

  @BeforeAll
  static void startNode() {
    node = TestNode.start(Map.of("secret", SECRET, "broadcast_key", KEY, "noauth", "true",
        "ping_interval", "1", "max_message_size", "4096"));
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  static String signed(String stream) {
    return TestNode.signedStream(stream, SECRET);
  }

  static void broadcast(String stream, String data) {
    assertEquals(201, node.broadcast(new JsonObject().put("stream", stream).put("data", data).encode(), KEY).status());
  }

  @Test
  void welcomeIsTheFirstFrameAndCarriesTheSessionId() {
    try (CableTestClient client = node.connect("/cable")) {
      JsonObject welcome = client.nextAny();
      assertEquals("welcome", welcome.getString("type"));
      assertEquals(21, welcome.getString("sid").length());
    }
  }

  @Test
  void railsClientGetsItsProtocolEchoed() {
    try (CableTestClient client = node.connect("/cable", List.of("actioncable-v1-json", "actioncable-unsupported"),
        MultiMap.caseInsensitiveMultiMap())) {
      assertEquals("actioncable-v1-json", client.subProtocol());
      assertEquals("welcome", client.next().getString("type"));
    }
  }

  @Test
  void clientOfferingNoProtocolIsServedAsPlainActionCable() {
    try (CableTestClient client = node.connect("/cable", List.of(), MultiMap.caseInsensitiveMultiMap())) {
      assertTrue(client.subProtocol() == null || client.subProtocol().isEmpty(), "no protocol echoed");
      assertEquals("welcome", client.next().getString("type"));
    }
  }

  @Test
  void signedStreamSubscriptionReceivesBroadcastsInOrder() {
    String id = signed("chat/42");
    try (CableTestClient client = node.welcomed("/cable")) {
      client.subscribe(id);
      assertEquals(TestNode.confirmation(id), client.next());
      broadcast("chat/42", "{\"text\":\"hi\"}");
      broadcast("chat/42", "\"<b>\"");
      broadcast("chat/42", "plain");
      assertEquals(new JsonObject().put("identifier", id).put("message", new JsonObject().put("text", "hi")), client.next());
      assertEquals(new JsonObject().put("identifier", id).put("message", "<b>"), client.next());
      assertEquals(new JsonObject().put("identifier", id).put("message", "plain"), client.next());
    }
  }

  @Test
  void badSignatureIsRejected() {
    String id = new JsonObject().put("channel", "$pubsub")
        .put("signed_stream_name", SignedStreams.sign("chat/42", "other-secret")).encode();
    try (CableTestClient client = node.welcomed("/cable")) {
      client.subscribe(id);
      assertEquals(new JsonObject().put("identifier", id).put("type", "reject_subscription"), client.next());
    }
  }

  @Test
  void publicStreamIsRejectedWhenPublicStreamsAreOff() {
    String id = new JsonObject().put("channel", "$pubsub").put("stream_name", "open").encode();
    try (CableTestClient client = node.welcomed("/cable")) {
      client.subscribe(id);
      assertEquals("reject_subscription", client.next().getString("type"));
    }
  }

  @Test
  void unknownChannelIsRejectedWithoutRpc() {
    String id = "{\"channel\":\"ChatChannel\"}";
    try (CableTestClient client = node.welcomed("/cable")) {
      client.subscribe(id);
      assertEquals(new JsonObject().put("identifier", id).put("type", "reject_subscription"), client.next());
    }
  }

  @Test
  void unsubscribedClientNoLongerReceives() {
    String id = signed("room/1");
    try (CableTestClient leaving = node.welcomed("/cable"); CableTestClient staying = node.welcomed("/cable")) {
      leaving.subscribe(id);
      staying.subscribe(id);
      assertEquals(TestNode.confirmation(id), leaving.next());
      assertEquals(TestNode.confirmation(id), staying.next());
      leaving.unsubscribe(id);
      staying.send("{\"command\":\"ping\"}");
      assertEquals("pong", staying.next().getString("type"));
      leaving.send("{\"command\":\"ping\"}");
      assertEquals("pong", leaving.next().getString("type"));
      broadcast("room/1", "{\"n\":1}");
      assertEquals(1, staying.next().getJsonObject("message").getInteger("n"));
      leaving.assertNoMessage(300);
    }
  }

  @Test
  void sameStreamUnderTwoIdentifiersArrivesOncePerIdentifier() {
    String first = signed("dup");
    String second = new JsonObject().put("signed_stream_name", SignedStreams.sign("dup", SECRET)).put("channel", "$pubsub").encode();
    try (CableTestClient client = node.welcomed("/cable")) {
      client.subscribe(first);
      assertEquals(TestNode.confirmation(first), client.next());
      client.subscribe(second);
      assertEquals(TestNode.confirmation(second), client.next());
      client.subscribe(second);
      broadcast("dup", "1");
      JsonObject a = client.next();
      JsonObject b = client.next();
      assertEquals(List.of(first, second).stream().sorted().toList(),
          List.of(a.getString("identifier"), b.getString("identifier")).stream().sorted().toList());
      client.assertNoMessage(300);
    }
  }

  @Test
  void excludedSocketDoesNotReceiveItsOwnBroadcast() {
    String id = signed("others");
    try (CableTestClient sender = node.connect("/cable"); CableTestClient other = node.welcomed("/cable")) {
      String sid = sender.next().getString("sid");
      sender.subscribe(id);
      other.subscribe(id);
      assertEquals(TestNode.confirmation(id), sender.next());
      assertEquals(TestNode.confirmation(id), other.next());
      assertEquals(201, node.broadcast(new JsonObject().put("stream", "others").put("data", "\"x\"")
          .put("meta", new JsonObject().put("exclude_socket", sid)).encode(), KEY).status());
      assertEquals("x", other.next().getString("message"));
      sender.assertNoMessage(300);
    }
  }

  @Test
  void pingsCarryStrictlyIncreasingTimestamps() {
    try (CableTestClient client = node.welcomed("/cable")) {
      JsonObject first = client.nextAny();
      JsonObject second = client.nextAny();
      assertEquals("ping", first.getString("type"));
      assertEquals("ping", second.getString("type"));
      assertTrue(second.getLong("message") > first.getLong("message"));
    }
  }

  @Test
  void perConnectionPingIntervalZeroMeansNoPings() {
    try (CableTestClient client = node.welcomed("/cable?pi=0")) {
      client.send("{\"command\":\"ping\"}");
      assertEquals("pong", client.nextAny().getString("type"));
      long until = System.currentTimeMillis() + 1500;
      while (System.currentTimeMillis() < until) {
        client.assertNoMessage(100);
      }
    }
  }
}
