package io.cablecluster.node.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AnyCable-Go's own feature scenarios (features/*.testfile; CONFORMANCE.md §5), each on its own node. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnyCableGoFeaturesTest {
  private static final JsonObject WELCOME = new JsonObject().put("type", "welcome");

  private static Map<String, String> flags(String... pairs) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      flags.put(pairs[i], pairs[i + 1]);
    }
    return flags;
  }

  @Test
  @DisplayName("Verifies that JWT welcome via query parameter header and subprotocol unauthorized without token")
  void jwtWelcomeViaQueryParameterHeaderAndSubprotocolUnauthorizedWithoutToken() {
    try (ConformanceHarness cable = ConformanceHarness.start(flags("secret", "qwerty", "jwt_param", "token",
        "enforce_jwt", "true"))) {
      String token = Tokens.jwt("qwerty", "{}", Tokens.inSeconds(60));
      ScenarioSupport.assertMessage(WELCOME,
          cable.client(ConformanceHarness.options().query("token=" + token).ignore("ping")).receive());
      ScenarioSupport.assertMessage(WELCOME, cable.client(ConformanceHarness.options()
          .protocols("anycable-token." + token).ignore("ping")).receive());
      ScenarioSupport.assertMessage(WELCOME, cable.client(ConformanceHarness.options()
          .header("x-token", token).ignore("ping")).receive());
      CableClient anonymous = cable.client(ConformanceHarness.options().ignore("ping"));
      ScenarioSupport.assertMessage(new JsonObject().put("type", "disconnect").put("reason", "unauthorized"),
          anonymous.receive());
      assertTrue(cable.backend.calls("connect").isEmpty(), "enforced JWT never asks the backend to connect");
    }
  }

  @Test
  @DisplayName("Verifies that standalone JWT and signed streams work without RPC")
  void standaloneJwtAndSignedStreamsWorkWithoutRpc() {
    try (ConformanceHarness cable = ConformanceHarness.start(flags("secret", "s3Krit", "norpc", "true",
        "rpc_host", null, "http_rpc_secret", null))) {
      String token = Tokens.jwt("s3Krit", "{\"user_id\":\"2023\"}", Tokens.inSeconds(60));
      CableClient client = cable.client(ConformanceHarness.options().query("jid=" + token).ignore("ping"));
      ScenarioSupport.assertMessage(WELCOME, client.receive());
      String identifier = new JsonObject().put("channel", "$pubsub")
          .put("signed_stream_name", Tokens.signedStream("s3Krit", "chat/2023")).encode();
      client.subscribeConfirmed(identifier);
      cable.publisher.publish("chat/2023", new JsonObject().put("text", "hi"));
      assertEquals(ScenarioSupport.msg(identifier, new JsonObject().put("text", "hi")), client.receive());

      CableClient anonymous = cable.client(ConformanceHarness.options().ignore("ping"));
      assertEquals(new JsonObject().put("type", "disconnect").put("reason", "unauthorized").put("reconnect", false),
          anonymous.receive());
      assertTrue(cable.backend.requests.isEmpty());
    }
  }

  @Test
  @DisplayName("Verifies that streams public stream is confirmed without RPC calls")
  void streamsPublicStreamIsConfirmedWithoutRpcCalls() {
    try (ConformanceHarness cable = ConformanceHarness.start(flags("public", "true", "http_broadcast_port", "0"))) {
      CableClient client = cable.client(ConformanceHarness.options().ignore("ping"));
      ScenarioSupport.assertMessage(WELCOME, client.receive());
      String identifier = new JsonObject().put("channel", "$pubsub").put("stream_name", "stream/2023").encode();
      client.subscribeConfirmed(identifier);
      assertTrue(cable.backend.requests.isEmpty(), "public streams need no RPC: " + cable.backend.requests);
    }
  }

  @Test
  @DisplayName("Verifies that Turbo RPC less signed Turbo stream is confirmed without RPC calls")
  void turboRpcLessSignedTurboStreamIsConfirmedWithoutRpcCalls() {
    try (ConformanceHarness cable = ConformanceHarness.start(flags("turbo_rails_key", "s3Krit",
        "jwt_id_key", "qwerty"))) {
      String token = Tokens.jwt("qwerty", "{\"user_id\":\"2023\"}", Tokens.inSeconds(60));
      CableClient client = cable.client(ConformanceHarness.options().query("jid=" + token).ignore("ping"));
      ScenarioSupport.assertMessage(WELCOME, client.receive());
      String identifier = new JsonObject().put("channel", "Turbo::StreamsChannel")
          .put("signed_stream_name", Tokens.signedStream("s3Krit", "chat/2023")).encode();
      client.subscribeConfirmed(identifier);
      assertTrue(cable.backend.requests.isEmpty(), "JWT + Turbo streams need no RPC: " + cable.backend.requests);
    }
  }

  @Test
  @DisplayName("Verifies that ping interval can be set per connection")
  void pingIntervalCanBeSetPerConnection() {
    try (ConformanceHarness cable = ConformanceHarness.start(flags("ping_interval", "10"))) {
      CableClient client = cable.client(ConformanceHarness.options().query("pi=1").ignore());
      ScenarioSupport.assertMessage(WELCOME, client.receive());
      assertEquals("ping", client.receive(Duration.ofMillis(3_000)).getString("type"));
    }
  }

  @Test
  @DisplayName("Verifies that ping pong extended client that stops answering pings is disconnected")
  void pingPongExtendedClientThatStopsAnsweringPingsIsDisconnected() throws InterruptedException {
    try (ConformanceHarness cable = ConformanceHarness.start(flags("pong_timeout", "1"))) {
      CableClient client = cable.client(ConformanceHarness.options().query("pi=1&ptp=ns")
          .protocols("actioncable-v1-ext-json").ignore());
      ScenarioSupport.assertMessage(WELCOME, client.receive());
      for (int i = 0; i < 3; i++) {
        JsonObject ping = client.receive(Duration.ofMillis(3_000));
        assertEquals("ping", ping.getString("type"), ping.encode());
        assertTrue(ping.getLong("message") > 1_000_000_000_000_000L, "nanosecond timestamp: " + ping.encode());
        // The scenario: a client that answers late, yet within pong_timeout (1 s), is kept.
        Thread.sleep(500);
        client.send(new JsonObject().put("command", "pong"));
      }
      JsonObject next;
      do {
        next = client.receive(Duration.ofMillis(3_000));
      } while ("ping".equals(next.getString("type")));
      assertEquals(new JsonObject().put("type", "disconnect").put("reason", "no_pong").put("reconnect", true), next);
    }
  }

  @Test
  @DisplayName("Verifies that shutdown calls disconnect for every client")
  void shutdownCallsDisconnectForEveryClient() {
    try (ConformanceHarness cable = ConformanceHarness.start(flags("disconnect_mode", "always",
        "disconnect_rate", "1"))) {
      for (int i = 0; i < 3; i++) {
        ScenarioSupport.assertMessage(WELCOME, cable.client(ConformanceHarness.options().ignore("ping")).receive());
      }
      cable.stopNode();
      assertEquals(3, cable.backend.calls("disconnect").size());
    }
  }

  @Test
  @DisplayName("Verifies that metrics count RPC calls and failed auths")
  void metricsCountRpcCallsAndFailedAuths() {
    try (ConformanceHarness cable = ConformanceHarness.start(flags("disconnect_mode", "never", "ping_interval", "1",
        "metrics_http", "/metrics"))) {
      for (int i = 0; i < 2; i++) {
        CableClient client = cable.client(ConformanceHarness.options().ignore());
        ScenarioSupport.assertMessage(WELCOME, client.receive());
        assertEquals("ping", client.receive().getString("type"));
        assertEquals("ping", client.receive().getString("type"));
      }
      WebClient http = WebClient.create(cable.vertx);
      String metrics = Await.result(http.get(cable.port(), "127.0.0.1", "/metrics").send()).bodyAsString();
      http.close();
      assertEquals(2.0, metric(metrics, "anycable_go_rpc_call_total"), metrics);
      assertEquals(0.0, metric(metrics, "anycable_go_failed_auths_total"), metrics);
    }
  }

  private static double metric(String text, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(2)) : Double.NaN;
  }
}
