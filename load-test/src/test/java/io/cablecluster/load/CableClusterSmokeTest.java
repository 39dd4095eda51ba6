package io.cablecluster.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.config.Settings;
import io.cablecluster.node.CableNode;
import io.cablecluster.testkit.CableNodeExtension;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CI smoke version of the benchmark: our node in this JVM, a few hundred load-tool clients for a few
 * seconds. Asserts correctness only (every broadcast delivered, every connect welcomed), never speed.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CableClusterSmokeTest {
  // http_broadcast_port 0 = the main port: with --public the endpoint has no key and would default to 8090.
  @RegisterExtension
  static final CableNodeExtension node = CableNodeExtension.inProcess(flags -> CableNode.start(Settings.of(flags)),
      Map.of("public", "true", "http_broadcast_port", "0",
          "http_instances", String.valueOf(Runtime.getRuntime().availableProcessors())));

  private static LoadOptions options(String scenario, String steps) {
    int port = node.port();
    return LoadOptions.parse("--scenario", scenario, "--steps", steps,
        "--url", "ws://127.0.0.1:" + port + "/cable",
        "--broadcast-url", "http://127.0.0.1:" + port + "/_broadcast",
        "--step-seconds", "3", "--drain-seconds", "15", "--timeout-seconds", "30", "--rate", "20",
        "--warmup-seconds", "1", "--warmup-clients", "50", "--pause-seconds", "1", "--server-label", "cable-cluster",
        "--server-pid", Long.toString(ProcessHandle.current().pid()));
  }

  @Test
  @DisplayName("Verifies that every broadcast reaches every subscriber on one and on several streams")
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
  @DisplayName("Verifies that every client of a connect avalanche is welcomed and confirmed")
  void everyClientOfAConnectAvalancheIsWelcomedAndConfirmed() throws Exception {
    JsonObject result = LoadMain.run(options("connect", "300"));
    JsonObject step = result.getJsonArray("steps").getJsonObject(0);
    assertEquals(300, step.getLong("welcomed"), step.encode());
    assertEquals(300, step.getLong("confirmed"), step.encode());
  }

  @Test
  @DisplayName("Verifies that churned subscriptions are all confirmed")
  void churnedSubscriptionsAreAllConfirmed() throws Exception {
    JsonObject result = LoadMain.run(options("churn", "20").with("step-seconds", "2"));
    JsonObject step = result.getJsonArray("steps").getJsonObject(0);
    assertTrue(step.getLong("ops") > 0, step.encode());
    assertEquals(0, step.getLong("rejected"), step.encode());
  }
}
