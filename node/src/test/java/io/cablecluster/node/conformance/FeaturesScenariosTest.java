package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** anyt features: Channel state, Remote disconnect, Server restart (CONFORMANCE.md §2, scenarios 3–6). */
class FeaturesScenariosTest extends ScenarioSupport {
  private static final String CHIPOLINO = id("ChannelStateChannel", "name", "chipolino");

  @Test
  @DisplayName("Verifies that channel state is kept between commands")
  void channelStateIsKeptBetweenCommands() {
    CableClient client = cable.client();
    client.subscribeConfirmed(CHIPOLINO);
    client.perform(CHIPOLINO, new JsonObject().put("action", "tick"));
    assertEquals(msg(CHIPOLINO, new JsonObject().put("count", 3).put("name", "chipolino")), client.receive());
  }

  @Test
  @DisplayName("Verifies that channel state is available in unsubscribe callbacks")
  void channelStateIsAvailableInUnsubscribeCallbacks() {
    CableClient client = cable.client();
    client.subscribeConfirmed(CHIPOLINO);
    CableClient client2 = cable.client();
    String leaving = id("ChannelStateChannel", "name", "chipollone", "notify_disconnect", true);
    client2.subscribeConfirmed(leaving);
    client2.close();
    assertEquals(msg(CHIPOLINO, data("user left: chipollone")), client.receive());
  }

  @Test
  @DisplayName("Verifies that remote disconnect closes single connection by id")
  void remoteDisconnectClosesSingleConnectionById() {
    CableClient client = cable.client(ConformanceHarness.options().query("test=uid&uid=26").ignore("ping"));
    assertMessage(new JsonObject().put("type", "welcome"), client.receive());
    Publisher.await(cable.publisher.remoteDisconnect("{\"uid\":\"26\"}", true));
    assertMessage(new JsonObject().put("type", "disconnect").put("reconnect", true).put("reason", "remote"),
        client.receive());
    client.awaitClose();
  }

  @Test
  @DisplayName("Verifies that server restart client receives disconnect message")
  void serverRestartClientReceivesDisconnectMessage() {
    try (ConformanceHarness restarting = ConformanceHarness.start(Map.of())) {
      CableClient client = restarting.client(ConformanceHarness.options().query("test=reasons&reason=server_restart")
          .ignore("ping"));
      assertMessage(new JsonObject().put("type", "welcome"), client.receive());
      long started = System.nanoTime();
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(restarting::stopNode);
      assertMessage(new JsonObject().put("type", "disconnect").put("reconnect", true).put("reason", "server_restart"),
          client.receive());
      assertTrue(System.nanoTime() - started < 3_000_000_000L, "server_restart must reach clients within 3 s");
      client.awaitClose();
      stopping.join();
      restarting.startNode();
      assertMessage(new JsonObject().put("type", "welcome"),
          restarting.client(ConformanceHarness.options().ignore("ping")).receive());
    }
  }
}
