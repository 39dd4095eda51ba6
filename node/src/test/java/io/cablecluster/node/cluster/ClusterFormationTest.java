package io.cablecluster.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ClusterFormationTest {

  @Test
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void threeLocalNodesFindEachOtherWithNoMemberListAndAKilledNodeRejoins(@TempDir Path dir) throws Exception {
    try (LocalCluster cluster = LocalCluster.start(dir, 3)) {
      for (NodeProcess node : cluster.nodes()) {
        assertEquals(3, LocalCluster.lastMemberCount(node.output()), node.name());
        assertTrue(node.healthy(), node.name());
      }

      cluster.node(2).kill();
      cluster.awaitMembers(2, Duration.ofSeconds(60));
      assertTrue(cluster.node(1).healthy());
      assertTrue(cluster.node(3).healthy());

      cluster.node(2).restart();
      cluster.node(2).awaitHealthy(Duration.ofSeconds(90));
      cluster.awaitMembers(3, Duration.ofSeconds(60));
    }
  }
}
