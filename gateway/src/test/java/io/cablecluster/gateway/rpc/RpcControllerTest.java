package io.cablecluster.gateway.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.Addresses;
import io.cablecluster.gateway.controller.ChannelRequest;
import io.cablecluster.gateway.controller.CommandResult;
import io.cablecluster.gateway.controller.ConnectRequest;
import io.cablecluster.gateway.controller.ConnectResult;
import io.cablecluster.gateway.controller.DisconnectRequest;
import io.cablecluster.gateway.controller.RequestEnv;
import io.cablecluster.gateway.controller.Status;
import io.cablecluster.gateway.testing.Await;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** AnyCable RPC over the event bus: request bodies as the rpc-bridge expects them, answers read into results. */
@ExtendWith(VertxExtension.class)
class RpcControllerTest {
  private static final RequestEnv ENV = new RequestEnv("http://example.com/cable?x=1", Map.of("cookie", "a=1"));
  private static final String CHAT = "{\"channel\":\"Chat\"}";
  /** A request as the bridge received it: its body and the sid header. */
  record Received(JsonObject body, String sid) {
  }

  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final AtomicInteger failedAuths = new AtomicInteger();
  private Vertx vertx;
  private RpcController controller;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    controller = new RpcController(new RpcClient(vertx), failedAuths::incrementAndGet);
  }

  /** A fake rpc-bridge on one address, answering every request with the given reply. */
  private void bridge(String address, JsonObject reply) {
    Await.result(vertx.eventBus().<JsonObject>consumer(address, message -> {
      received.add(new Received(message.body(), message.headers().get("sid")));
      message.reply(reply);
    }).completion());
  }

  private static ConnectRequest connect(boolean extended) {
    return new ConnectRequest("sid-1", extended, ENV, MultiMap.caseInsensitiveMultiMap(), null);
  }

  private static ChannelRequest channel() {
    return new ChannelRequest("sid-1", "{\"uid\":\"7\"}", CHAT, ENV, Map.of("lang", "fr"), Map.of("room", "1"));
  }

  private static JsonObject env(JsonObject extra) {
    return new JsonObject().put("url", ENV.url()).put("headers", new JsonObject().put("cookie", "a=1"))
        .mergeIn(extra);
  }

  @Test
  @DisplayName("Verifies that Connect sends the env and maps SUCCESS to identifiers, welcome, cstate and disconnect interest")
  void connectSuccess() {
    bridge(Addresses.RPC_CONNECT, new JsonObject().put("status", 1).put("identifiers", "{\"uid\":\"7\"}")
        .put("transmissions", new JsonArray().add("{\"type\":\"welcome\"}"))
        .put("env", new JsonObject().put("cstate", new JsonObject().put("lang", "fr"))));

    ConnectResult result = Await.result(controller.authenticate(connect(false)));

    Received request = Await.next(received);
    assertEquals(new JsonObject().put("env", env(new JsonObject())), request.body());
    assertEquals("sid-1", request.sid());
    assertEquals(new ConnectResult(Status.SUCCESS, "{\"uid\":\"7\"}", List.of("{\"type\":\"welcome\"}"),
        Map.of("lang", "fr"), true), result);
  }

  @Test
  @DisplayName("Verifies that an extended-protocol client gets its sid added to a backend welcome that lacks it")
  void extendedWelcomeGetsTheSid() {
    bridge(Addresses.RPC_CONNECT, new JsonObject().put("status", 1).put("identifiers", "{}")
        .put("transmissions", new JsonArray().add("{\"type\":\"welcome\"}").add("{\"type\":\"other\"}")));

    ConnectResult result = Await.result(controller.authenticate(connect(true)));

    assertEquals(List.of("{\"type\":\"welcome\",\"sid\":\"sid-1\"}", "{\"type\":\"other\"}"), result.transmissions());
  }

  @Test
  @DisplayName("Verifies that a Connect FAILURE keeps its transmissions and counts a failed auth")
  void connectFailure() {
    bridge(Addresses.RPC_CONNECT, new JsonObject().put("status", 2)
        .put("transmissions", new JsonArray().add("{\"type\":\"disconnect\",\"reason\":\"unauthorized\"}")));

    ConnectResult refused = Await.result(controller.authenticate(connect(false)));

    assertEquals(Status.FAILURE, refused.status());
    assertEquals(List.of("{\"type\":\"disconnect\",\"reason\":\"unauthorized\"}"), refused.transmissions());
    assertEquals(1, failedAuths.get());
  }

  @Test
  @DisplayName("Verifies that an unreachable bridge and a Connect ERROR both become ERROR, not a failed auth")
  void connectErrorAndUnreachableBridge() {
    assertEquals(Status.ERROR, Await.result(controller.authenticate(connect(false))).status(), "no bridge yet");

    bridge(Addresses.RPC_CONNECT, new JsonObject().put("status", 0).put("error_msg", "boom"));
    ConnectResult error = Await.result(controller.authenticate(connect(false)));

    assertEquals(Status.ERROR, error.status());
    assertEquals(List.of(), error.transmissions());
    assertEquals(0, failedAuths.get());
  }

  @Test
  @DisplayName("Verifies that a subscribe Command carries identifiers and state, and every answer field is mapped")
  void subscribeBodyAndResultMapping() {
    bridge(Addresses.RPC_COMMAND, new JsonObject().put("status", 1)
        .put("transmissions", new JsonArray().add("{\"t\":1}")).put("streams", new JsonArray().add("chat/1"))
        .put("stopped_streams", new JsonArray().add("old")).put("stop_streams", true).put("disconnect", true)
        .put("env", new JsonObject().put("istate", new JsonObject().put("room", "2"))
            .put("cstate", new JsonObject().put("lang", ""))));

    CommandResult result = Await.result(controller.subscribe(channel()));

    assertEquals(new JsonObject().put("command", "subscribe").put("identifier", CHAT)
        .put("connection_identifiers", "{\"uid\":\"7\"}").put("env", env(new JsonObject()
            .put("cstate", new JsonObject().put("lang", "fr")).put("istate", new JsonObject().put("room", "1")))),
        Await.next(received).body());
    assertEquals(new CommandResult(Status.SUCCESS, List.of("{\"t\":1}"), List.of("chat/1"), List.of("old"), true, true,
        Map.of("room", "2"), Map.of("lang", ""), "", true), result);
  }

  @Test
  @DisplayName("Verifies that a message Command carries its data and that FAILURE and ERROR answers keep their status and error")
  void performBodyAndStatuses() {
    bridge(Addresses.RPC_COMMAND, new JsonObject().put("status", 0).put("error_msg", "boom"));

    CommandResult result = Await.result(controller.perform(channel(), "{\"action\":\"speak\"}"));

    JsonObject body = Await.next(received).body();
    assertEquals("message", body.getString("command"));
    assertEquals("{\"action\":\"speak\"}", body.getString("data"));
    assertEquals(Status.ERROR, result.status());
    assertEquals("boom", result.errorMessage());
  }

  @Test
  @DisplayName("Verifies that a Command without a reachable bridge fails its future (the session marks disconnect interest)")
  void commandWithoutBridgeFails() {
    Await.failure(controller.unsubscribe(channel()));
  }

  @Test
  @DisplayName("Verifies that Disconnect sends identifiers, subscriptions in order, cstate and each istate as JSON text")
  void disconnectBody() {
    bridge(Addresses.RPC_DISCONNECT, new JsonObject().put("status", 1));
    Map<String, Map<String, String>> istates = new LinkedHashMap<>();
    istates.put(CHAT, Map.of("room", "1"));
    istates.put("{\"channel\":\"Quiet\"}", Map.of());

    Await.result(controller.disconnect(new DisconnectRequest("sid-1", "{\"uid\":\"7\"}", ENV, Map.of("lang", "fr"),
        istates)));

    Received request = Await.next(received);
    assertEquals("sid-1", request.sid());
    assertEquals(new JsonObject().put("identifiers", "{\"uid\":\"7\"}")
        .put("subscriptions", new JsonArray().add(CHAT).add("{\"channel\":\"Quiet\"}"))
        .put("env", env(new JsonObject().put("cstate", new JsonObject().put("lang", "fr"))
            .put("istate", new JsonObject().put(CHAT, "{\"room\":\"1\"}")))), request.body());
    assertTrue(received.isEmpty());
  }
}
