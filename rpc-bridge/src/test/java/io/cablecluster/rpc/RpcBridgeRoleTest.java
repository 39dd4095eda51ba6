package io.cablecluster.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.cablecluster.core.Addresses;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.NodeContext;
import io.cablecluster.core.config.Settings;
import io.cablecluster.core.metrics.CableMetrics;
import io.cablecluster.testkit.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RpcBridgeRoleTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) {
    return Await.result(future, Duration.ofSeconds(20));
  }

  private RpcBridgeRole role(Map<String, String> flags) {
    Settings settings = Settings.of(flags);
    return new RpcBridgeRole(new NodeContext(vertx, settings, NodeConfig.from(settings), new CableMetrics(Map.of())));
  }

  @Test
  @DisplayName("Verifies that with RPC off nothing answers RPC requests")
  void withRpcOffNothingAnswersRpcRequests() throws Exception {
    RpcBridgeRole role = role(Map.of("norpc", "true", "rpc_host", "http://127.0.0.1:1/_anycable"));
    await(role.start());
    Throwable e = Await.failure(vertx.eventBus().request(Addresses.RPC_CONNECT, new JsonObject()), Duration.ofSeconds(20));
    assertEquals(ReplyFailure.NO_HANDLERS, assertInstanceOf(ReplyException.class, e).failureType());
    await(role.drain());
  }

  @Test
  @DisplayName("Verifies that with RPC host requests reach the backend and drain waits for them")
  void withRpcHostRequestsReachTheBackendAndDrainWaitsForThem() throws Exception {
    try (RecordingBackend backend = RecordingBackend.start(vertx, RecordingBackend.json(200, "{\"status\":1}"))) {
      RpcBridgeRole role = role(Map.of("rpc_host", backend.url(), "secret", "s3cr3t"));
      await(role.start());
      Future<io.vertx.core.eventbus.Message<Object>> reply =
          vertx.eventBus().request(Addresses.RPC_DISCONNECT, new JsonObject().put("identifiers", "{}"));
      await(role.drain());
      assertEquals(new JsonObject().put("status", 1), await(reply).body());
      assertEquals("Bearer 4b7da2749fe2a4534cec0d2acbd16277a800cf2acd31158ac4edae4a62a8f18d",
          backend.requests.get(0).headers().get("Authorization"));
    }
  }
}
