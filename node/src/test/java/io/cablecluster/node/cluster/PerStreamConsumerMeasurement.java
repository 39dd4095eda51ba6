package io.cablecluster.node.cluster;

import io.cablecluster.testkit.FreePorts;
import io.cablecluster.testkit.NodeJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The baseline for ClusterChurnMeasurement: the same churn through per-stream clustered consumers (the
 * design the gateway does not use), on three JVMs in a local cluster. Not in the default run:
 * {@code -Dtest=PerStreamConsumerMeasurement}. Results go to node/target/per-stream-consumer-measurement.txt.
 */
class PerStreamConsumerMeasurement {
  private static final int SECONDS = Integer.getInteger("churn.seconds", 10);
  private static final int SAMPLES = Integer.getInteger("reach.samples", 500);

  @Test
  @DisplayName("Verifies that measure per stream clustered consumers")
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void measurePerStreamClusteredConsumers(@TempDir Path dir) throws Exception {
    Map<String, String> env = Map.of(
        "CABLE_CLUSTER", "local",
        "CABLE_CLUSTER_NAME", "probe-" + UUID.randomUUID(),
        "CABLE_CLUSTER_PORT", Integer.toString(FreePorts.hazelcastBlock(3)),
        "CABLE_CLUSTER_PORT_COUNT", "3");
    String probe = PerStreamConsumerProbe.class.getName();
    try (NodeJvm peer2 = NodeJvm.startMain("peer2", dir, env, probe, "peer", "peer2");
         NodeJvm peer3 = NodeJvm.startMain("peer3", dir, env, probe, "peer", "peer3")) {
      List<NodeJvm> peers = List.of(peer2, peer3);
      for (NodeJvm peer : peers) {
        peer.awaitOutput(Duration.ofSeconds(90), out -> out.contains("PROBE READY"), "probe ready");
      }
      try (NodeJvm driver = NodeJvm.startMain("driver", dir, env, probe, "driver",
          Integer.toString(SECONDS), Integer.toString(SAMPLES))) {
        long[] idle = cpuBetween(driver, peers, "IDLE-START", "IDLE-END");
        long[] busy = cpuBetween(driver, peers, "CHURN-START", "CHURN-END");
        driver.awaitOutput(Duration.ofSeconds(180), out -> out.contains("RESULT reachability (stream already"), "reachability");
        String results = driver.output().lines().filter(l -> l.startsWith("RESULT "))
            .map(l -> l.substring("RESULT ".length())).collect(Collectors.joining(System.lineSeparator()));
        long pairs = Long.parseLong(results.replaceAll("(?s)^churn: (\\d+) .*", "$1"));
        String report = results + System.lineSeparator() + String.format(Locale.ROOT,
            "CPU ms per 1,000 pairs above idle on the other members: peer2 %.1f, peer3 %.1f (idle %d/%d ms, busy %d/%d ms)%n",
            (busy[0] - idle[0]) * 1000.0 / pairs, (busy[1] - idle[1]) * 1000.0 / pairs, idle[0], idle[1], busy[0], busy[1]);
        Files.writeString(Path.of("target", "per-stream-consumer-measurement.txt"), report);
        System.out.println(report);
      }
    }
  }

  private static long[] cpuBetween(NodeJvm driver, List<NodeJvm> peers, String from, String to)
      throws Exception {
    driver.awaitOutput(Duration.ofSeconds(120), out -> out.contains(from), from);
    long[] before = peers.stream().mapToLong(p -> p.cpu().toMillis()).toArray();
    driver.awaitOutput(Duration.ofSeconds(120), out -> out.contains(to), to);
    long[] after = peers.stream().mapToLong(p -> p.cpu().toMillis()).toArray();
    return new long[] {after[0] - before[0], after[1] - before[1]};
  }
}
