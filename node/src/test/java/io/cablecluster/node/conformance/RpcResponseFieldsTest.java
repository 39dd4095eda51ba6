package io.cablecluster.node.conformance;

import static io.cablecluster.node.conformance.TestChannels.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The RPC request and response fields anyt's scenarios leave unexercised (PROTOCOL.md §d): what the server
 * sends to the backend, and how it applies cstate, istate deletion, stop_streams, disconnect and ERROR.
 */
class RpcResponseFieldsTest extends ScenarioSupport {

  private static StandInRpcBackend.Recorded last(List<StandInRpcBackend.Recorded> calls) {
    assertFalse(calls.isEmpty(), "no such RPC call");
    return calls.get(calls.size() - 1);
  }

  /** The Disconnect call listing {@code identifier}; it is sent after the socket closes. */
  private StandInRpcBackend.Recorded disconnectOf(String identifier) {
    return cable.backend.awaitCall("disconnect",
        r -> r.body().getJsonArray("subscriptions", new JsonArray()).contains(identifier));
  }

  @Test
  @DisplayName("Verifies that connect request carries URL configured headers and AnyCable meta headers")
  void connectRequestCarriesUrlConfiguredHeadersAndAnyCableMetaHeaders() {
    cable.backend.requests.clear();
    CableClient client = cable.client(ConformanceHarness.options().query("via=rpc-fields").ignore("ping")
        .header("cookie", "username=john green").header("x-api-token", "abc").header("x-not-forwarded", "1"));
    assertMessage(new JsonObject().put("type", "welcome"), client.receive());
    StandInRpcBackend.Recorded connect = last(cable.backend.calls("connect"));
    JsonObject env = connect.body().getJsonObject("env");
    assertEquals("http://127.0.0.1:" + cable.port() + "/cable?via=rpc-fields", env.getString("url"));
    assertEquals(new JsonObject().put("cookie", "username=john green").put("x-api-token", "abc")
        .put("REMOTE_ADDR", "127.0.0.1"), env.getJsonObject("headers"));
    assertEquals("Bearer " + ConformanceHarness.RPC_SECRET, connect.headers().get("Authorization"));
    assertEquals("v1", connect.headers().get("X-Anycable-Meta-Protov"));
    assertNotNull(connect.headers().get("X-Anycable-Meta-Sid"));

    String identifier = id("SubscriptionAknowledgementChannel");
    client.subscribeConfirmed(identifier);
    StandInRpcBackend.Recorded subscribe = last(cable.backend.calls("command"));
    assertEquals(connect.headers().get("X-Anycable-Meta-Sid"), subscribe.headers().get("X-Anycable-Meta-Sid"));
    assertEquals(env.getString("url"), subscribe.body().getJsonObject("env").getString("url"));
    assertEquals("subscribe", subscribe.body().getString("command"));
    assertEquals(identifier, subscribe.body().getString("identifier"));
  }

  @Test
  @DisplayName("Verifies that extended protocol welcome from RPC carries the session id")
  void extendedProtocolWelcomeFromRpcCarriesTheSessionId() {
    CableClient client = cable.client(ConformanceHarness.options().query("via=ext-welcome")
        .protocols("actioncable-v1-ext-json").ignore("ping"));
    assertEquals("actioncable-v1-ext-json", client.subProtocol());
    JsonObject welcome = client.receive();
    assertMessage(new JsonObject().put("type", "welcome"), welcome);
    String sid = cable.backend.calls("connect").stream()
        .filter(c -> c.body().getJsonObject("env").getString("url").endsWith("via=ext-welcome"))
        .findFirst().orElseThrow().headers().get("X-Anycable-Meta-Sid");
    assertEquals(sid, welcome.getString("sid"), welcome.encode());
  }

  @Test
  @DisplayName("Verifies that identifiers from connect travel with every command and disconnect")
  void identifiersFromConnectTravelWithEveryCommandAndDisconnect() {
    CableClient client = cable.client("test=uid&uid=7");
    String identifier = id("SubscriptionAknowledgementChannel", "probe", "identifiers");
    client.subscribeConfirmed(identifier);
    StandInRpcBackend.Recorded subscribe = last(cable.backend.calls("command").stream()
        .filter(r -> identifier.equals(r.body().getString("identifier"))).toList());
    assertEquals("{\"uid\":\"7\"}", subscribe.body().getString("connection_identifiers"), subscribe.body().encode());
    client.close();
    StandInRpcBackend.Recorded disconnect = disconnectOf(identifier);
    assertEquals("{\"uid\":\"7\"}", disconnect.body().getString("identifiers"));
    assertEquals(new JsonArray().add(identifier), disconnect.body().getJsonArray("subscriptions"));
  }

  @Test
  @DisplayName("Verifies that channel state travels as JSON text per identifier in disconnect")
  void channelStateTravelsAsJsonTextPerIdentifierInDisconnect() {
    CableClient client = cable.client();
    String identifier = id("ChannelStateChannel", "name", "probe-istate");
    client.subscribeConfirmed(identifier);
    client.close();
    JsonObject istate = disconnectOf(identifier).body().getJsonObject("env").getJsonObject("istate");
    assertEquals(new JsonObject().put("user", "{\"name\":\"probe-istate\"}").put("count", "1"),
        new JsonObject(istate.getString(identifier)));
  }

  @Test
  @DisplayName("Verifies that connection state from connect and commands is sent back and empty value deletes it")
  void connectionStateFromConnectAndCommandsIsSentBackAndEmptyValueDeletesIt() {
    CableClient client = cable.client("test=cstate&user=jack");
    String identifier = id("ConnectionStateChannel");
    client.subscribe(identifier);
    assertEquals(msg(identifier, new JsonObject().put("user", "jack")), client.receive());
    assertEquals(ack(identifier), client.receive());
    client.perform(identifier, new JsonObject().put("action", "remember").put("key", "color").put("value", "red"));
    client.perform(identifier, new JsonObject().put("action", "recall").put("key", "color"));
    assertEquals(msg(identifier, new JsonObject().put("color", "red")), client.receive());
    client.perform(identifier, new JsonObject().put("action", "remember").put("key", "color").put("value", ""));
    client.perform(identifier, new JsonObject().put("action", "recall").put("key", "color"));
    assertEquals(msg(identifier, new JsonObject().putNull("color")), client.receive());
  }

  @Test
  @DisplayName("Verifies that channel state merges deltas and empty value deletes key")
  void channelStateMergesDeltasAndEmptyValueDeletesKey() {
    CableClient client = cable.client();
    String identifier = id("ChannelStateMergeChannel");
    client.subscribeConfirmed(identifier);
    client.perform(identifier, new JsonObject().put("action", "show"));
    assertEquals(msg(identifier, new JsonObject().put("keep", "k").put("drop", "d")), client.receive());
    client.perform(identifier, new JsonObject().put("action", "drop"));
    client.perform(identifier, new JsonObject().put("action", "show"));
    assertEquals(msg(identifier, new JsonObject().put("keep", "k").putNull("drop")), client.receive());
  }

  @Test
  @DisplayName("Verifies that stop streams drops every stream of the subscription")
  void stopStreamsDropsEveryStreamOfTheSubscription() {
    CableClient client = cable.client();
    String identifier = id("StopAllStreamsChannel");
    client.subscribeConfirmed(identifier);
    cable.publisher.publish("b", data("X"));
    assertEquals(msg(identifier, data("X")), client.receive());
    client.perform(identifier, new JsonObject().put("action", "stop_all"));
    client.roundTrip();
    cable.publisher.publish("a", data("Y"));
    cable.publisher.publish("b", data("Z"));
    client.assertNoMessage();
  }

  @Test
  @DisplayName("Verifies that unsubscribe drops the subscription so later messages are ignored")
  void unsubscribeDropsTheSubscriptionSoLaterMessagesAreIgnored() {
    CableClient client = cable.client();
    String identifier = id("SubscriptionPerformMethodsChannel", "probe", "unsubscribe");
    client.subscribeConfirmed(identifier);
    client.unsubscribe(identifier);
    client.perform(identifier, new JsonObject().put("action", "tick"));
    client.assertNoMessage();
    List<StandInRpcBackend.Recorded> commands = cable.backend.calls("command").stream()
        .filter(r -> identifier.equals(r.body().getString("identifier"))).toList();
    assertEquals(List.of("subscribe", "unsubscribe"), commands.stream().map(r -> r.body().getString("command")).toList());
  }

  @Test
  @DisplayName("Verifies that disconnect flag closes the socket after the transmissions")
  void disconnectFlagClosesTheSocketAfterTheTransmissions() {
    CableClient client = cable.client();
    String identifier = id("KickChannel");
    client.subscribeConfirmed(identifier);
    client.perform(identifier, new JsonObject().put("action", "kick"));
    assertEquals(msg(identifier, "bye"), client.receive());
    client.awaitClose();
  }

  @Test
  @DisplayName("Verifies that error status on subscribe sends nothing and keeps the socket")
  void errorStatusOnSubscribeSendsNothingAndKeepsTheSocket() {
    CableClient client = cable.client();
    client.subscribe(id(StandInRpcBackend.ERROR));
    client.assertNoMessage();
    assertFalse(client.isClosed());
    client.subscribeConfirmed(id("SubscriptionAknowledgementChannel"));
  }

  @Test
  @DisplayName("Verifies that every request has the shape a real backend accepts")
  void everyRequestHasTheShapeARealBackendAccepts() {
    CableClient client = cable.client("test=uid&uid=shape");
    String identifier = id("ChannelStateChannel", "name", "shape");
    client.subscribeConfirmed(identifier);
    client.perform(identifier, new JsonObject().put("action", "tick"));
    client.receive();
    client.unsubscribe(identifier);
    client.close();
    cable.backend.awaitCalls("disconnect", 1);
    for (StandInRpcBackend.Recorded request : cable.backend.requests) {
      assertEquals(null, RpcRequestShape.violation(request.method(), request.body()), request.body().encode());
    }
    assertTrue(cable.backend.requests.size() >= 4);
  }
}
