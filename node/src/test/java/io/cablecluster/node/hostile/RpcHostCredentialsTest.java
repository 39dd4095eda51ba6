package io.cablecluster.node.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.node.Nodes;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.InProcessNode;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hostile-input row 14: credentials in {@code rpc_host} were logged verbatim at start and on failures, and
 * never sent. They are now masked in every log line and sent as AnyCable-Go's Go net/http client sends URL
 * userinfo: {@code Authorization: Basic}, unless a Bearer RPC secret is set (which then wins).
 */
class RpcHostCredentialsTest {
  static final String PASSWORD = "s3cr3tPa55";
  private Vertx backendVertx;
  private HttpServer backend;
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startBackend() {
    backendVertx = Vertx.vertx();
    backend = Await.result(backendVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(b -> {
      Map<String, String> headers = new HashMap<>();
      request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
      headers.put(":path", request.path());
      received.add(headers);
      request.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("status", 1)
          .put("identifiers", "{}").put("transmissions", new JsonArray().add("{\"type\":\"welcome\"}")).encode());
    })).listen(0, "127.0.0.1"), Duration.ofSeconds(10));
  }

  @AfterEach
  void stopBackend() {
    Await.result(backendVertx.close(), Duration.ofSeconds(10));
  }

  private String rpcHost() {
    return "http://user:" + PASSWORD + "@127.0.0.1:" + backend.actualPort() + "/_anycable";
  }

  private static String text(LogRecord record) {
    StringBuilder all = new StringBuilder(String.valueOf(record.getMessage()));
    if (record.getParameters() != null) {
      all.append(Arrays.toString(record.getParameters()));
    }
    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
      all.append(t);
    }
    return all.toString();
  }

  private static void assertNoPassword(LogCapture log) {
    for (LogRecord record : log.records()) {
      assertFalse(text(record).contains(PASSWORD), "password logged: " + log.describe());
      assertFalse(text(record).contains("user:"), "userinfo logged: " + log.describe());
    }
  }

  @Test
  @DisplayName("Verifies that a node with credentials in rpc_host logs them masked at start and on a failed call, and sends them as Basic auth as AnyCable-Go does")
  void credentialsAreMaskedInLogsAndSentAsBasicAuth() {
    try (LogCapture log = new LogCapture()) {
      try (InProcessNode node = Nodes.start(Map.of("rpc_host", rpcHost(), "http_broadcast_port", "0"))) {
        CableClient client = node.welcomed();
        client.close();
        Map<String, String> connect = received.get(0);
        assertEquals("/_anycable/connect", connect.get(":path"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString(("user:" + PASSWORD)
            .getBytes(StandardCharsets.UTF_8)), connect.get("authorization"));
        assertTrue(log.records().stream().anyMatch(r -> text(r).contains("http://***@127.0.0.1:")),
            "the start line shows the masked URL: " + log.describe());

        Await.result(backend.close(), Duration.ofSeconds(10));
        CableClient refused = node.connect();
        Await.until("the failed call is logged", Duration.ofSeconds(15),
            () -> log.records().stream().anyMatch(r -> text(r).contains("did not answer")));
        refused.close();
      }
      assertNoPassword(log);
    }
  }

  @Test
  @DisplayName("Verifies that with an http_rpc_secret the backend gets only the Bearer secret, as Go's client adds Basic auth only without an Authorization header")
  void bearerSecretWinsOverUserInfo() {
    try (LogCapture log = new LogCapture()) {
      try (InProcessNode node = Nodes.start(Map.of("rpc_host", rpcHost(), "http_rpc_secret", "rpc-token",
          "http_broadcast_port", "0"))) {
        node.welcomed().close();
        assertEquals("Bearer rpc-token", received.get(0).get("authorization"));
      }
      assertNoPassword(log);
    }
  }
}
