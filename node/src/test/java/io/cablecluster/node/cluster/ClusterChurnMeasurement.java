package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cablecluster.testkit.CableClient;
import io.cablecluster.testkit.Identifiers;
import io.cablecluster.testkit.NodeJvm;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures, on a 3-node local cluster, (1) sustained subscribe+unsubscribe pairs per second over thousands of
 * distinct streams while thousands more stay subscribed, and (2) how soon a stream subscribed on one node is
 * reachable by a broadcast posted to another. Not part of the default run (about a minute):
 * {@code mvn -pl node -am verify -Dtest=ClusterChurnMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 * Results go to node/target/cluster-measurement.txt. It asserts correctness only (no message lost).
 */
class ClusterChurnMeasurement {
  private static final int CLIENTS_PER_NODE = Integer.getInteger("churn.clients", 8);
  private static final int HELD_STREAMS_PER_CLIENT = Integer.getInteger("churn.held", 250);
  private static final int WINDOW = Integer.getInteger("churn.window", 16);
  private static final Duration CHURN = Duration.ofSeconds(Integer.getInteger("churn.seconds", 15));
  private static final int REACH_SAMPLES = Integer.getInteger("reach.samples", 500);

  @Test
  @DisplayName("Verifies that no message is lost under subscription churn and measures cross-node reachability")
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void measureSubscriptionChurnAndCrossNodeReachability(@TempDir Path dir) throws Exception {
    StringBuilder report = new StringBuilder();
    // Each client holds more streams than the default max_subscriptions (128) allows: lift the bound here.
    try (LocalCluster cluster = LocalCluster.start(dir, 3, "--public", "--max_subscriptions", "0")) {
      List<CableClient> clients = new ArrayList<>();
      try {
        for (NodeJvm node : cluster.nodes()) {
          for (int i = 0; i < CLIENTS_PER_NODE; i++) {
            clients.add(cluster.client(node, node.name() + "#" + i));
          }
        }
        int held = holdStreams(clients);
        report.append(String.format(Locale.ROOT, "held: %d distinct streams subscribed over %d clients on 3 nodes%n",
            held, clients.size()));
        report.append(churn(clients, CHURN).describe(clients.size())).append(churnCostPerNode(cluster, clients));
        report.append(reachability(cluster, false)).append(reachability(cluster, true));
      } finally {
        clients.forEach(CableClient::close);
      }
    }
    Path out = Path.of("target", "cluster-measurement.txt");
    Files.writeString(out, report.toString());
    System.out.println(report);
  }

  private static int holdStreams(List<CableClient> clients) throws Exception {
    int total = 0;
    for (int c = 0; c < clients.size(); c++) {
      CableClient client = clients.get(c);
      for (int i = 0; i < HELD_STREAMS_PER_CLIENT; i++) {
        client.subscribe(Identifiers.pubsub("held-" + c + "-" + i));
      }
      for (int i = 0; i < HELD_STREAMS_PER_CLIENT; i++) {
        client.await(f -> "confirm_subscription".equals(f.getString("type")), Duration.ofSeconds(30));
        total++;
      }
    }
    return total;
  }

  /**
   * Every client keeps WINDOW subscribes in flight on fresh stream names; each confirmation is answered with
   * the unsubscribe of that stream and a subscribe to the next new one.
   */
  private record Churn(long pairs, double seconds) {
    String describe(int clients) {
      return String.format(Locale.ROOT,
          "churn: %d subscribe+unsubscribe pairs on %d distinct streams in %.1f s = %.0f pairs/s "
              + "(%d clients, %d in flight each)%n", pairs, pairs, seconds, pairs / seconds, clients, WINDOW);
    }
  }

  private static Churn churn(List<CableClient> clients, Duration duration) throws Exception {
    int[] next = new int[clients.size()];
    for (int c = 0; c < clients.size(); c++) {
      for (int w = 0; w < WINDOW; w++) {
        clients.get(c).subscribe(Identifiers.pubsub("churn-" + c + "-" + next[c]++));
      }
    }
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long pairs = 0;
    boolean running = true;
    int[] outstanding = new int[clients.size()];
    Arrays.fill(outstanding, WINDOW);
    while (running || Arrays.stream(outstanding).sum() > 0) {
      running = System.nanoTime() < end;
      boolean progressed = false;
      for (int c = 0; c < clients.size(); c++) {
        CableClient client = clients.get(c);
        JsonObject frame;
        while (outstanding[c] > 0 && (frame = client.poll()) != null) {
          if (!"confirm_subscription".equals(frame.getString("type"))) {
            throw new AssertionError("unexpected frame during churn: " + frame);
          }
          String stream = new JsonObject(frame.getString("identifier")).getString("stream_name");
          client.unsubscribe(Identifiers.pubsub(stream));
          progressed = true;
          pairs++;
          outstanding[c]--;
          if (running) {
            client.subscribe(Identifiers.pubsub("churn-" + c + "-" + next[c]++));
            outstanding[c]++;
          }
        }
      }
      if (!progressed) {
        // Hundreds of clients' queues are polled in turn (no one queue to block on); this yields the CPU.
        Thread.sleep(1);
      }
      if (System.nanoTime() - end > TimeUnit.SECONDS.toNanos(30)) {
        throw new AssertionError("subscriptions not confirmed 30 s after the churn window");
      }
    }
    return new Churn(pairs, (System.nanoTime() - start) / 1e9);
  }

  /**
   * Churn through node 1's clients only and compare each node's CPU use with an idle window of the same
   * length: with node-local subscriptions the other nodes should not notice.
   */
  private static String churnCostPerNode(LocalCluster cluster, List<CableClient> clients) throws Exception {
    Duration window = Duration.ofSeconds(10);
    // The idle window is the baseline of the measurement itself, not a wait for anything.
    long[] idle = cpuDuring(cluster, () -> Thread.sleep(window.toMillis()));
    Churn[] result = new Churn[1];
    long[] busy = cpuDuring(cluster, () -> result[0] = churn(clients.subList(0, CLIENTS_PER_NODE), window));
    long pairs = result[0].pairs();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "node1-only churn: %d pairs in %d s; CPU ms per 1,000 pairs above idle:", pairs, window.toSeconds()));
    for (int n = 0; n < 3; n++) {
      line.append(String.format(Locale.ROOT, " node%d %.1f (idle %d ms, busy %d ms);", n + 1,
          (busy[n] - idle[n]) * 1000.0 / pairs, idle[n], busy[n]));
    }
    return line.append(System.lineSeparator()).toString();
  }

  private interface Work {
    void run() throws Exception;
  }

  private static long[] cpuDuring(LocalCluster cluster, Work work) throws Exception {
    long[] before = cluster.nodes().stream().mapToLong(n -> n.cpu().toMillis()).toArray();
    work.run();
    long[] after = cluster.nodes().stream().mapToLong(n -> n.cpu().toMillis()).toArray();
    long[] used = new long[before.length];
    for (int i = 0; i < used.length; i++) {
      used[i] = after[i] - before[i];
    }
    return used;
  }

  /**
   * Subscribe on node 2, and the moment it is confirmed, broadcast to that stream through node 1. With
   * {@code watched}, a client on node 3 already follows the stream and node 1 has broadcast to it before
   * (the case where per-stream clustered consumers lose messages to cached routes).
   */
  private static String reachability(LocalCluster cluster, boolean watched) throws Exception {
    long[] confirm = new long[REACH_SAMPLES];
    long[] delivery = new long[REACH_SAMPLES];
    try (CableClient subscriber = cluster.client(cluster.node(2), "reach");
         CableClient watcher = cluster.client(cluster.node(3), "watcher")) {
      for (int i = 0; i < REACH_SAMPLES; i++) {
        String stream = (watched ? "watched-" : "fresh-") + i;
        if (watched) {
          watcher.subscribeAwaiting(Identifiers.pubsub(stream), Duration.ofSeconds(10));
          assertEquals(201, cluster.node(1).broadcast(stream, new JsonObject().put("warm", i).encode()));
          assertEquals(1, watcher.messages(Identifiers.pubsub(stream), 1, Duration.ofSeconds(5)).size(), "watcher got the first one");
        }
        long t0 = System.nanoTime();
        subscriber.subscribeAwaiting(Identifiers.pubsub(stream), Duration.ofSeconds(10));
        long t1 = System.nanoTime();
        assertEquals(201, cluster.node(1).broadcast(stream, new JsonObject().put("n", i).encode()));
        // The warm-up broadcast may still be on its way to node 2 and arrive after the confirmation: fine.
        List<JsonObject> got = new ArrayList<>(subscriber.messages(Identifiers.pubsub(stream), 1, Duration.ofSeconds(5)));
        if (!got.isEmpty() && got.get(0).containsKey("warm")) {
          got = new ArrayList<>(subscriber.messages(Identifiers.pubsub(stream), 1, Duration.ofSeconds(5)));
        }
        long t2 = System.nanoTime();
        assertEquals(List.of(new JsonObject().put("n", i)), got, "broadcast right after confirmation lost");
        confirm[i] = t1 - t0;
        delivery[i] = t2 - t1;
        if (watched) {
          watcher.unsubscribe(Identifiers.pubsub(stream));
        }
      }
    }
    return String.format(Locale.ROOT,
        "reachability (%s): %d/%d broadcasts posted to node1 right after confirm on node2 delivered; "
            + "subscribe->confirm p50 %.2f ms p99 %.2f ms; POST->delivery on the other node p50 %.2f ms p99 %.2f ms%n",
        watched ? "stream already followed on node3" : "fresh stream", REACH_SAMPLES, REACH_SAMPLES,
        pct(confirm, 50), pct(confirm, 99), pct(delivery, 50), pct(delivery, 99));
  }

  private static double pct(long[] nanos, int p) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
  }
}
