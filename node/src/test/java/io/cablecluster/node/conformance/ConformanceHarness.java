package io.cablecluster.node.conformance;

import io.cablecluster.core.NodeRuntime;
import io.cablecluster.core.config.Settings;
import io.cablecluster.node.CableNode;
import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node under test started in-process like anyt's HTTP-RPC target ({@code test-conformance-http}:
 * rpc secret {@code rpc_secret}, broadcast key {@code any_secret}, forwarded headers cookie and
 * x-api-token), with the stand-in backend, a publisher and the clients a test opened.
 */
final class ConformanceHarness implements AutoCloseable {
  static final String RPC_SECRET = "rpc_secret";
  static final String BROADCAST_KEY = "any_secret";

  final Vertx vertx = Vertx.vertx();
  final Publisher publisher = new Publisher(vertx, BROADCAST_KEY);
  final StandInRpcBackend backend = new StandInRpcBackend(vertx, RPC_SECRET, publisher);
  private final List<CableClient> clients = new ArrayList<>();
  private final Map<String, String> flags = new LinkedHashMap<>();
  private NodeRuntime node;

  /** Starts the backend and a node; {@code overrides} change or (with value null) remove default flags. */
  static ConformanceHarness start(Map<String, String> overrides) {
    ConformanceHarness harness = new ConformanceHarness();
    harness.backend.start(0);
    harness.flags.putAll(Map.of(
        "host", "127.0.0.1",
        "port", "0",
        "http_instances", "2",
        "rpc_host", harness.backend.url(),
        "http_rpc_secret", RPC_SECRET,
        "broadcast_key", BROADCAST_KEY,
        "headers", "cookie,x-api-token",
        "shutdown_timeout", "5"));
    overrides.forEach((k, v) -> {
      if (v == null) {
        harness.flags.remove(k);
      } else {
        harness.flags.put(k, v);
      }
    });
    harness.startNode();
    return harness;
  }

  static ConformanceHarness start() {
    return start(Map.of());
  }

  void startNode() {
    node = Await.result(CableNode.start(Settings.of(flags)));
    publisher.target(node.mainPort());
  }

  /** Graceful stop, as on SIGTERM. */
  void stopNode() {
    if (node != null) {
      NodeRuntime stopping = node;
      node = null;
      Await.result(stopping.stop());
    }
  }

  NodeRuntime node() {
    return node;
  }

  int port() {
    return node.mainPort();
  }

  /** anyt's client defaults: the plain protocol, and receive() skips pings and the welcome. */
  static CableClientOptions options() {
    return new CableClientOptions().maxMessageSize(1 << 20).ignore("ping", "welcome");
  }

  CableClient client(CableClientOptions options) {
    CableClient client = CableClient.connect(vertx, port(), options);
    synchronized (clients) {
      clients.add(client);
    }
    return client;
  }

  CableClient client() {
    return client(options());
  }

  CableClient client(String query) {
    return client(options().query(query));
  }

  void closeClients() {
    synchronized (clients) {
      clients.forEach(CableClient::close);
      clients.clear();
    }
  }

  @Override
  public void close() {
    closeClients();
    try {
      stopNode();
    } finally {
      publisher.close();
      Await.result(vertx.close());
    }
  }
}
