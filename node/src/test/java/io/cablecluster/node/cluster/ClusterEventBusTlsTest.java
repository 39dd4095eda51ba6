package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.testkit.Await;
import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.CableClientOptions;
import io.cablecluster.testkit.FreePorts;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on the clustered event bus, with real JVMs: two nodes holding the cluster's certificates
 * deliver a broadcast posted on node 1 to a client on node 2, while a bare clustered Vert.x without them
 * (the "intruder", {@link EventBusProbe}) joins the same Hazelcast cluster (Hazelcast open source cannot
 * keep it out) and yet can neither publish to {@code cable.broadcast} nor receive from it. Neither can the
 * "outsider": TLS on, trusting the cluster's CA, but presenting a self-signed certificate with the nodes'
 * subject. The same probe given the cluster's credentials (the "insider") does both, so the probe itself is
 * not what fails. Credentials: the test-only PEM files in {@code src/test/resources/cluster-tls}.
 */
class ClusterEventBusTlsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern SENT = Pattern.compile("PROBE SENT (\\d+)");
  private static final String STREAM = "tls/1";

  @TempDir
  Path dir;

  private static String resource(String name) throws Exception {
    return Path.of(ClusterEventBusTlsTest.class.getResource("/cluster-tls/" + name).toURI()).toString();
  }

  private static int sent(NodeJvm probe) {
    Matcher matcher = SENT.matcher(probe.output());
    int last = 0;
    while (matcher.find()) {
      last = Integer.parseInt(matcher.group(1));
    }
    return last;
  }

  /** Reads the client's messages on the stream into {@code into} until one from {@code from} arrived. */
  private static void collectUntilFrom(CableClient client, String from, List<JsonObject> into) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonObject message : client.messages(Identifiers.pubsub(STREAM), 1, Duration.ofMillis(200))) {
        into.add(message);
        if (from.equals(message.getString("from"))) {
          return;
        }
      }
    }
    throw new AssertionError("no message from " + from + " within " + WAIT + "; got " + into);
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void onlyProcessesWithTheClusterCertificatesPublishOrConsumeOnTheEventBus() throws Exception {
    int members = 5;
    Map<String, String> plain = Map.of(
        "CABLE_CLUSTER", "local",
        "CABLE_CLUSTER_NAME", "tls-" + UUID.randomUUID(),
        "CABLE_CLUSTER_PORT", Integer.toString(FreePorts.hazelcastBlock(members + 2)),
        "CABLE_CLUSTER_PORT_COUNT", Integer.toString(members + 2));
    Map<String, String> tls = new HashMap<>(plain);
    tls.put("CABLE_CLUSTER_TLS_KEY", resource("node-key.pem"));
    tls.put("CABLE_CLUSTER_TLS_CERT", resource("node-cert.pem"));
    tls.put("CABLE_CLUSTER_TLS_CA", resource("ca.pem"));
    Map<String, String> forged = new HashMap<>(tls);
    forged.put("CABLE_CLUSTER_TLS_KEY", resource("outsider-key.pem"));
    forged.put("CABLE_CLUSTER_TLS_CERT", resource("outsider-cert.pem"));

    List<NodeJvm> processes = new ArrayList<>();
    Vertx clients = Vertx.vertx();
    long started = System.currentTimeMillis();
    try {
      NodeJvm node1 = NodeJvm.start("node1", dir, tls, List.of(), "--public", "--metrics_http", "/metrics");
      processes.add(node1);
      NodeJvm node2 = NodeJvm.start("node2", dir, tls, List.of(), "--public");
      processes.add(node2);
      NodeJvm intruder = NodeJvm.startMain("intruder", dir, plain, EventBusProbe.class.getName(), "intruder", STREAM);
      processes.add(intruder);
      NodeJvm outsider = NodeJvm.startMain("outsider", dir, forged, EventBusProbe.class.getName(), "outsider", STREAM);
      processes.add(outsider);
      NodeJvm insider = NodeJvm.startMain("insider", dir, tls, EventBusProbe.class.getName(), "insider", STREAM);
      processes.add(insider);
      node1.awaitHealthy(Duration.ofSeconds(60));
      node2.awaitHealthy(Duration.ofSeconds(60));
      for (NodeJvm node : List.of(node1, node2)) {
        // Hazelcast itself lets the intruder in: TLS guards the event bus, not the membership.
        node.awaitOutput(Duration.ofSeconds(60), out -> LocalCluster.lastMemberCount(out) == members,
            "a cluster of " + members + " members, the three probes included");
      }
      CableClient client = CableClient.welcomed(clients, node2.port(), new CableClientOptions().label("node2 client"));
      client.subscribeAwaiting(Identifiers.pubsub(STREAM), WAIT);
      for (NodeJvm probe : List.of(intruder, outsider, insider)) {
        probe.awaitOutput(WAIT, out -> out.contains("PROBE READY"), "the probe's consumer");
      }

      List<JsonObject> received = new ArrayList<>();
      // The insider's publishes reach node 2: by then every probe sees node 2's consumer in the cluster map.
      collectUntilFrom(client, "insider", received);
      int intruderSentBefore = sent(intruder);
      int outsiderSentBefore = sent(outsider);
      intruder.awaitCondition(WAIT, "ten more intruder publishes", () -> sent(intruder) >= intruderSentBefore + 10);
      outsider.awaitCondition(WAIT, "ten more outsider publishes", () -> sent(outsider) >= outsiderSentBefore + 10);
      assertEquals(201, node1.broadcast(STREAM, new JsonObject().put("from", "node1").encode()));
      collectUntilFrom(client, "node1", received);
      received.addAll(client.messages(Identifiers.pubsub(STREAM), Integer.MAX_VALUE, Duration.ofMillis(500)));

      insider.awaitOutput(WAIT, out -> out.contains("PROBE RECEIVED") && out.contains("\\\"from\\\":\\\"node1\\\""),
          "the insider to receive node 1's broadcast");
      for (NodeJvm probe : List.of(intruder, outsider)) {
        String who = probe.name();
        assertTrue(sent(probe) >= 10, "the " + who + " published " + sent(probe) + " times");
        assertFalse(received.stream().anyMatch(m -> who.equals(m.getString("from"))),
            "node 2's client got a broadcast from the " + who + ": " + received);
        String out = probe.output();
        assertFalse(out.lines().anyMatch(l -> l.startsWith("PROBE RECEIVED") && !l.contains(who)),
            "the " + who + " received another process's broadcast:\n" + probe.tail());
        assertTrue(out.lines().anyMatch(l -> l.startsWith("PROBE RECEIVED") && l.contains(who)),
            "the " + who + "'s own consumer works (it receives its own local publishes)");
      }
      // Node 1's broadcast went to the outsider's and the intruder's consumers too, over connections that fail
      // the TLS handshake: counted, logged as at most one short WARNING per 10 s, never a stack trace per attempt.
      double refused = node1.metric("anycable_go_cluster_tls_refused_total");
      assertTrue(refused >= 1, "failed TLS handshakes counted on node 1: " + refused + "\n" + node1.tail());
      List<String> lines = node1.output().lines().toList();
      assertFalse(lines.stream().anyMatch(l -> l.contains("javax.net.ssl.") || l.contains("NotSslRecordException")),
          "no stack trace for a failed handshake:\n" + node1.tail());
      long warnings = lines.stream().filter(l -> l.contains("failed the TLS handshake")).count();
      assertTrue(warnings >= 1 && warnings <= 1 + Duration.ofMillis(System.currentTimeMillis() - started).toSeconds() / 10,
          warnings + " lines for " + refused + " failed handshakes:\n" + node1.tail());
    } finally {
      processes.forEach(NodeJvm::close);
      Await.result(clients.close());
    }
  }
}
