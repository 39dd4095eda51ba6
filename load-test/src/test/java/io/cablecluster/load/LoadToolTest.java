package io.cablecluster.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The load tool's scenarios against a minimal in-test Action Cable server on loopback. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadToolTest {
  private static FakeCableServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new FakeCableServer();
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  private static LoadOptions options(String scenario, String steps) {
    return LoadOptions.parse("--scenario", scenario, "--steps", steps,
        "--url", "ws://127.0.0.1:" + server.port() + "/cable",
        "--broadcast-url", "http://127.0.0.1:" + server.port() + "/_broadcast",
        "--step-seconds", "1.5", "--drain-seconds", "5", "--warmup-seconds", "0.5", "--warmup-clients", "50", "--timeout-seconds", "20", "--rate", "20",
        "--server-label", "fake", "--server-pid", Long.toString(ProcessHandle.current().pid()));
  }

  @Test
  void broadcastOverTwoStreamsDeliversEveryFrameToEverySubscriber(@TempDir Path dir) throws Exception {
    JsonObject result = LoadMain.run(options("broadcast", "100,200").with("streams", "2")
        .with("out", dir.resolve("b.json").toString()).with("svg", dir.resolve("b.svg").toString()));
    JsonArray steps = result.getJsonArray("steps");
    assertEquals(2, steps.size());
    for (Object o : steps) {
      JsonObject step = (JsonObject) o;
      assertTrue(step.getLong("posts") > 0, step.encode());
      assertEquals(step.getLong("expected"), step.getLong("delivered"), step.encode());
      assertEquals(step.getLong("clients"), step.getLong("confirmed"), step.encode());
      assertTrue(step.getDouble("rttP95") > 0, step.encode());
      assertTrue(step.getDouble("rssMb") > 0, step.encode());
    }
    // 2 streams, round robin: each post reaches half the clients.
    JsonObject last = steps.getJsonObject(1);
    assertEquals(last.getLong("posts") * 100, last.getLong("expected"));
    assertTrue(Files.readString(dir.resolve("b.svg")).contains("fake RTT p95 ms"));
    assertEquals("broadcast", new JsonObject(Files.readString(dir.resolve("b.json"))).getString("scenario"));
  }

  @Test
  void connectAvalancheWelcomesAndConfirmsEveryClient() throws Exception {
    JsonObject result = LoadMain.run(options("connect", "300").with("pause-seconds", "0"));
    JsonObject step = result.getJsonArray("steps").getJsonObject(0);
    assertEquals(300, step.getLong("welcomed"), step.encode());
    assertEquals(300, step.getLong("confirmed"), step.encode());
    assertTrue(step.getDouble("confirmP95") > 0, step.encode());
  }

  @Test
  void churnCountsSubscribeAndUnsubscribeOperations() throws Exception {
    JsonObject result = LoadMain.run(options("churn", "20"));
    JsonObject step = result.getJsonArray("steps").getJsonObject(0);
    assertTrue(step.getLong("ops") > 40, step.encode());
    assertEquals(0, step.getLong("rejected"), step.encode());
  }

  @Test
  void idleReportsServerRssSlopePerConnection() throws Exception {
    JsonObject result = LoadMain.run(options("idle", "100,200").with("settle-seconds", "0.5"));
    assertEquals(2, result.getJsonArray("steps").size());
    assertTrue(result.containsKey("rssSlopeKibPerConn"));
    assertEquals(200, result.getJsonArray("steps").getJsonObject(1).getLong("open"));
  }

  @Test
  void clientsBeyondOneProcessRunInWorkerProcessesFromSourceAddressesAbove127001() throws Exception {
    JsonObject result = LoadMain.run(options("broadcast", "250").with("per-process", "100")
        .with("per-source", "120").with("worker-heap", "128m"));
    JsonObject step = result.getJsonArray("steps").getJsonObject(0);
    assertEquals(250, step.getLong("confirmed"), step.encode());
    assertEquals(step.getLong("expected"), step.getLong("delivered"), step.encode());
  }

  @Test
  void plainEventsProtocolPostsToEventsPathAndReceivesRawFrames() throws Exception {
    JsonObject result = LoadMain.run(options("broadcast", "50").with("protocol", "ws")
        .with("url", "ws://127.0.0.1:" + server.port() + "/ws")
        .with("broadcast-url", "http://127.0.0.1:" + server.port() + "/events"));
    JsonObject step = result.getJsonArray("steps").getJsonObject(0);
    assertEquals(50, step.getLong("confirmed"), step.encode());
    assertEquals(step.getLong("expected"), step.getLong("delivered"), step.encode());
  }
}
