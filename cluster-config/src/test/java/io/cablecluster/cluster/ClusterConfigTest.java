package io.cablecluster.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterConfigTest {

  @Test
  void noClusterIsTheDefault() {
    ClusterConfig config = ClusterConfig.from(Settings.of(Map.of()));
    assertEquals("none", config.profile());
    assertFalse(config.clustered());
  }

  @Test
  void profileComesFromTheCableClusterEnvironmentVariable() {
    ClusterConfig config = ClusterConfig.from(Settings.of(new String[0], Map.of("CABLE_CLUSTER", "local")));
    assertEquals("local", config.profile());
    assertTrue(config.clustered());
    assertEquals(ClusterConfig.DEFAULT_HAZELCAST_PORT, config.hazelcastPort());
  }

  @Test
  void unknownProfileIsRefusedNamingTheAcceptedOnes() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ClusterConfig.from(Settings.of(Map.of("cluster", "swarm"))));
    assertTrue(e.getMessage().contains("none, local, docker, kubernetes"), e.getMessage());
  }

  @Test
  void dockerProfileDefaultsToTheComposeServiceNames() {
    ClusterConfig config = ClusterConfig.from(Settings.of(Map.of("cluster", "docker")));
    assertEquals(List.of("gateway", "broadcaster", "rpc-bridge"), config.members());
  }

  @Test
  void kubernetesProfileNeedsTheHeadlessServiceName() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ClusterConfig.from(Settings.of(Map.of("cluster", "kubernetes"))));
    assertTrue(e.getMessage().contains("cluster_service_dns"), e.getMessage());
    ClusterConfig config = ClusterConfig.from(Settings.of(Map.of("cluster", "kubernetes",
        "cluster_service_dns", "cable-hz.default.svc.cluster.local")));
    assertEquals("cable-hz.default.svc.cluster.local", config.serviceDns());
  }
}
