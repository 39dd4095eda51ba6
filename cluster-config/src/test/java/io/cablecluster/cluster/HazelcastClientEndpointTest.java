package io.cablecluster.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cablecluster.core.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hazelcast open source cannot authenticate a client, so a node must not accept Hazelcast clients at all:
 * a client that knows the cluster name and address is refused by a member built from our configuration,
 * while the same client joins a member on Hazelcast's default (unified) network, and members built from our
 * configuration still form a cluster.
 */
class HazelcastClientEndpointTest {

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Config nodeConfig(String clusterName, int port, int count) {
    return HazelcastProfiles.hazelcastConfig(ClusterConfig.from(Settings.of(Map.of("cluster", "local",
        "cluster_name", clusterName, "cluster_port", Integer.toString(port),
        "cluster_port_count", Integer.toString(count)))));
  }

  private static ClientConfig client(String clusterName, int port) {
    ClientConfig client = new ClientConfig().setClusterName(clusterName);
    client.setProperty("hazelcast.logging.type", "jdk");
    client.setProperty("hazelcast.phone.home.enabled", "false");
    client.getNetworkConfig().addAddress("127.0.0.1:" + port).setConnectionTimeout(2000);
    client.getConnectionStrategyConfig().getConnectionRetryConfig()
        .setClusterConnectTimeoutMillis(4000).setInitialBackoffMillis(200).setMaxBackoffMillis(500);
    return client;
  }

  @Test
  @Timeout(60)
  void aHazelcastClientWithTheClusterNameIsRefusedWhileMembersStillJoin() {
    String name = "client-endpoint-" + UUID.randomUUID();
    int port = freePort();
    HazelcastInstance first = Hazelcast.newHazelcastInstance(nodeConfig(name, port, 1));
    HazelcastInstance second = null;
    try {
      long start = System.nanoTime();
      IllegalStateException refused = assertThrows(IllegalStateException.class,
          () -> HazelcastClient.newHazelcastClient(client(name, port)).shutdown());
      long seconds = (System.nanoTime() - start) / 1_000_000_000L;
      assertTrue(seconds < 20, "the client gave up after " + seconds + " s");
      assertTrue(String.valueOf(refused.getMessage()).contains("connect"), refused.toString());

      // Member-to-member still works on the same port block: a second node joins the first.
      int secondPort = freePort();
      Config secondConfig = nodeConfig(name, secondPort, 1);
      secondConfig.getAdvancedNetworkConfig().getJoin().getTcpIpConfig().getMembers().clear();
      secondConfig.getAdvancedNetworkConfig().getJoin().getTcpIpConfig().addMember("127.0.0.1:" + port);
      second = Hazelcast.newHazelcastInstance(secondConfig);
      assertEquals(2, second.getCluster().getMembers().size());
      assertEquals(2, first.getCluster().getMembers().size());
    } finally {
      if (second != null) {
        second.shutdown();
      }
      first.shutdown();
    }
  }

  /** The control: the client above is a working one, it joins a member on Hazelcast's default network. */
  @Test
  @Timeout(60)
  void theSameClientJoinsAMemberOnHazelcastsDefaultNetwork() {
    String name = "client-endpoint-control-" + UUID.randomUUID();
    int port = freePort();
    Config unified = nodeConfig(name, port, 1);
    unified.getAdvancedNetworkConfig().setEnabled(false);
    unified.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    unified.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    unified.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
    unified.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    HazelcastInstance member = Hazelcast.newHazelcastInstance(unified);
    try {
      HazelcastInstance client = HazelcastClient.newHazelcastClient(client(name, port));
      try {
        client.getMap("cable.probe").put("k", "v");
        assertEquals("v", member.getMap("cable.probe").get("k"));
      } finally {
        client.shutdown();
      }
    } finally {
      member.shutdown();
    }
  }
}
