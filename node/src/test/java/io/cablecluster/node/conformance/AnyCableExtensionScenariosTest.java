package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** AnyCable-Go's anyt extensions that need no broker (CONFORMANCE.md §4, scenarios 1–2). */
class AnyCableExtensionScenariosTest extends ScenarioSupport {

  @Test
  @DisplayName("Verifies that broadcast with options only other clients receive the message when broadcasted to others")
  void broadcastWithOptionsOnlyOtherClientsReceiveTheMessageWhenBroadcastedToOthers() {
    String identifier = id("BroadcastWithOptionsChannel");
    CableClient client1 = cable.client();
    CableClient client2 = cable.client();
    CableClient client3 = cable.client();
    client1.subscribeConfirmed(identifier);
    client2.subscribeConfirmed(identifier);
    client3.subscribeConfirmed(identifier);
    client1.perform(identifier, new JsonObject().put("action", "speak").put("content", "The Other Side"));
    JsonObject expected = msg(identifier, new JsonObject().put("content", "The Other Side"));
    assertEquals(expected, client2.receive());
    assertEquals(expected, client3.receive());
    client1.assertNoMessage();
  }

  @Test
  @DisplayName("Verifies that whisper only other clients receive the whisper message")
  void whisperOnlyOtherClientsReceiveTheWhisperMessage() {
    String identifier = id("WhisperChannel");
    CableClient client1 = cable.client();
    CableClient client2 = cable.client();
    CableClient client3 = cable.client();
    client1.subscribeConfirmed(identifier);
    client2.subscribeConfirmed(identifier);
    client3.subscribeConfirmed(identifier);
    JsonObject typing = new JsonObject().put("event", "typing").put("user", "Vova");
    client1.send(new JsonObject().put("command", "whisper").put("identifier", identifier).put("data", typing));
    assertEquals(msg(identifier, typing), client2.receive());
    assertEquals(msg(identifier, typing), client3.receive());
    client1.assertNoMessage();
  }
}
