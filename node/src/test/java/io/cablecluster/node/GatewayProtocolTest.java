package io.cablecluster.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.gateway.channels.SignedStreams;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.CableNodeExtension;
import io.cablecluster.testkit.Identifiers;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Action Cable protocol over a real socket, in standalone mode (signed/public streams, no RPC). */
class GatewayProtocolTest {
  static final String SECRET = "s3cr3t";
  static final String KEY = "bk";
  @RegisterExtension
  static final CableNodeExtension cable = Nodes.perClass(Map.of("secret", SECRET, "broadcast_key", KEY, "noauth", "true",
        "ping_interval", "1", "max_message_size", "4096"));

  static String signed(String stream) {
    return Identifiers.signedPubsub(stream, SECRET);
  }

  static void broadcast(String stream, String data) {
    assertEquals(201, cable.node().broadcast(new JsonObject().put("stream", stream).put("data", data).encode(), KEY).status());
  }

  @Test
  @DisplayName("Verifies that welcome is the first frame and carries the session id")
  void welcomeIsTheFirstFrameAndCarriesTheSessionId() {
    try (CableClient client = cable.node().connect("/cable")) {
      JsonObject welcome = client.receiveAny();
      assertEquals("welcome", welcome.getString("type"));
      assertEquals(21, welcome.getString("sid").length());
    }
  }

  @Test
  @DisplayName("Verifies that Rails client gets its protocol echoed")
  void railsClientGetsItsProtocolEchoed() {
    try (CableClient client = cable.node().connect(
        new CableClientOptions().protocols("actioncable-v1-json", "actioncable-unsupported"))) {
      assertEquals("actioncable-v1-json", client.subProtocol());
      assertEquals("welcome", client.receive().getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that client offering no protocol is served as plain Action Cable")
  void clientOfferingNoProtocolIsServedAsPlainActionCable() {
    try (CableClient client = cable.node().connect(new CableClientOptions().protocols())) {
      assertTrue(client.subProtocol() == null || client.subProtocol().isEmpty(), "no protocol echoed");
      assertEquals("welcome", client.receive().getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that signed stream subscription receives broadcasts in order")
  void signedStreamSubscriptionReceivesBroadcastsInOrder() {
    String id = signed("chat/42");
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.subscribe(id);
      assertEquals(Identifiers.confirmation(id), client.receive());
      broadcast("chat/42", "{\"text\":\"hi\"}");
      broadcast("chat/42", "\"<b>\"");
      broadcast("chat/42", "plain");
      assertEquals(new JsonObject().put("identifier", id).put("message", new JsonObject().put("text", "hi")), client.receive());
      assertEquals(new JsonObject().put("identifier", id).put("message", "<b>"), client.receive());
      assertEquals(new JsonObject().put("identifier", id).put("message", "plain"), client.receive());
    }
  }

  @Test
  @DisplayName("Verifies that bad signature is rejected")
  void badSignatureIsRejected() {
    String id = new JsonObject().put("channel", "$pubsub")
        .put("signed_stream_name", SignedStreams.sign("chat/42", "other-secret")).encode();
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.subscribe(id);
      assertEquals(new JsonObject().put("identifier", id).put("type", "reject_subscription"), client.receive());
    }
  }

  @Test
  @DisplayName("Verifies that public stream is rejected when public streams are off")
  void publicStreamIsRejectedWhenPublicStreamsAreOff() {
    String id = new JsonObject().put("channel", "$pubsub").put("stream_name", "open").encode();
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.subscribe(id);
      assertEquals("reject_subscription", client.receive().getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that unknown channel is rejected without RPC")
  void unknownChannelIsRejectedWithoutRpc() {
    String id = "{\"channel\":\"ChatChannel\"}";
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.subscribe(id);
      assertEquals(new JsonObject().put("identifier", id).put("type", "reject_subscription"), client.receive());
    }
  }

  @Test
  @DisplayName("Verifies that unsubscribed client no longer receives")
  void unsubscribedClientNoLongerReceives() {
    String id = signed("room/1");
    try (CableClient leaving = cable.node().welcomed("/cable"); CableClient staying = cable.node().welcomed("/cable")) {
      leaving.subscribe(id);
      staying.subscribe(id);
      assertEquals(Identifiers.confirmation(id), leaving.receive());
      assertEquals(Identifiers.confirmation(id), staying.receive());
      leaving.unsubscribe(id);
      staying.send("{\"command\":\"ping\"}");
      assertEquals("pong", staying.receive().getString("type"));
      leaving.send("{\"command\":\"ping\"}");
      assertEquals("pong", leaving.receive().getString("type"));
      broadcast("room/1", "{\"n\":1}");
      assertEquals(1, staying.receive().getJsonObject("message").getInteger("n"));
      leaving.assertNoMessage(Duration.ofMillis(300));
    }
  }

  @Test
  @DisplayName("Verifies that same stream under two identifiers arrives once per identifier")
  void sameStreamUnderTwoIdentifiersArrivesOncePerIdentifier() {
    String first = signed("dup");
    String second = new JsonObject().put("signed_stream_name", SignedStreams.sign("dup", SECRET)).put("channel", "$pubsub").encode();
    try (CableClient client = cable.node().welcomed("/cable")) {
      client.subscribe(first);
      assertEquals(Identifiers.confirmation(first), client.receive());
      client.subscribe(second);
      assertEquals(Identifiers.confirmation(second), client.receive());
      client.subscribe(second);
      broadcast("dup", "1");
      JsonObject a = client.receive();
      JsonObject b = client.receive();
      assertEquals(List.of(first, second).stream().sorted().toList(),
          List.of(a.getString("identifier"), b.getString("identifier")).stream().sorted().toList());
      client.assertNoMessage(Duration.ofMillis(300));
    }
  }

  @Test
  @DisplayName("Verifies that excluded socket does not receive its own broadcast")
  void excludedSocketDoesNotReceiveItsOwnBroadcast() {
    String id = signed("others");
    try (CableClient sender = cable.node().connect("/cable"); CableClient other = cable.node().welcomed("/cable")) {
      String sid = sender.receive().getString("sid");
      sender.subscribe(id);
      other.subscribe(id);
      assertEquals(Identifiers.confirmation(id), sender.receive());
      assertEquals(Identifiers.confirmation(id), other.receive());
      assertEquals(201, cable.node().broadcast(new JsonObject().put("stream", "others").put("data", "\"x\"")
          .put("meta", new JsonObject().put("exclude_socket", sid)).encode(), KEY).status());
      assertEquals("x", other.receive().getString("message"));
      sender.assertNoMessage(Duration.ofMillis(300));
    }
  }

  @Test
  @DisplayName("Verifies that pings carry strictly increasing timestamps")
  void pingsCarryStrictlyIncreasingTimestamps() {
    try (CableClient client = cable.node().welcomed("/cable")) {
      JsonObject first = client.receiveAny();
      JsonObject second = client.receiveAny();
      assertEquals("ping", first.getString("type"));
      assertEquals("ping", second.getString("type"));
      assertTrue(second.getLong("message") > first.getLong("message"));
    }
  }

  @Test
  @DisplayName("Verifies that per connection ping interval zero means no pings")
  void perConnectionPingIntervalZeroMeansNoPings() {
    try (CableClient client = cable.node().welcomed("/cable?pi=0")) {
      client.send("{\"command\":\"ping\"}");
      assertEquals("pong", client.receiveAny().getString("type"));
      long until = System.currentTimeMillis() + 1500;
      while (System.currentTimeMillis() < until) {
        client.assertNoMessage(Duration.ofMillis(100));
      }
    }
  }
}
