package io.cablecluster.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.NodeRuntime;
import io.cablecluster.core.config.Settings;
import io.cablecluster.node.CableNode;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CI smoke version of the benchmark: our node in this JVM, a few hundred load-tool clients for a few
 * seconds. Asserts correctness only (every broadcast delivered, every connect welcomed), never speed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CableClusterSmokeTest {
  private static NodeRuntime node;

  @BeforeAll
  static void startNode() throws Exception {
    // http_broadcast_port 0 = the main port: with --public the endpoint has no key and would default to 8090.
    node = CableNode.start(Settings.of(Map.of("port", "0", "public", "true", "host", "127.0.0.1",
            "http_broadcast_port", "0")))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
  }

  private static LoadOptions options(String scenario, String steps) {
    int port = node.mainPort();
    return LoadOptions.parse("--scenario", scenario, "--steps", steps,
        "--url", "ws://127.0.0.1:" + port + "/cable",
        "--broadcast-url", "http://127.0.0.1:" + port + "/_broadcast",
        "--step-seconds", "3", "--drain-seconds", "15", "--timeout-seconds", "30", "--rate", "20",
        "--warmup-seconds", "1", "--warmup-clients", "50", "--pause-seconds", "1", "--server-label", "cable-cluster",
        "--server-pid", Long.toString(ProcessHandle.current().pid()));
  }

  @Test
  void everyBroadcastReachesEverySubscriberOnOneAndOnSeveralStreams() throws Exception {
    for (String streams : new String[] {"1", "3"}) {
      JsonObject result = LoadMain.run(options("broadcast", "100,300").with("streams", streams));
      for (Object o : result.getJsonArray("steps")) {
        JsonObject step = (JsonObject) o;
        assertEquals(step.getLong("clients"), step.getLong("confirmed"), step.encode());
        assertTrue(step.getLong("posts") > 0, step.encode());
        assertEquals(0, step.getLong("postFailures"), step.encode());
        assertEquals(step.getLong("expected"), step.getLong("delivered"), step.encode());
        assertEquals(0, step.getLong("unexpectedCloses"), step.encode());
      }
    }
  }

  @Test
  void everyClientOfAConnectAvalancheIsWelcomedAndConfirmed() throws Exception {
    JsonObject result = LoadMain.run(options("connect", "300"));
    JsonObject step = result.getJsonArray("steps").getJsonObject(0);
    assertEquals(300, step.getLong("welcomed"), step.encode());
    assertEquals(300, step.getLong("confirmed"), step.encode());
  }

  @Test
  void churnedSubscriptionsAreAllConfirmed() throws Exception {
    JsonObject result = LoadMain.run(options("churn", "20").with("step-seconds", "2"));
    JsonObject step = result.getJsonArray("steps").getJsonObject(0);
    assertTrue(step.getLong("ops") > 0, step.encode());
    assertEquals(0, step.getLong("rejected"), step.encode());
  }
}
