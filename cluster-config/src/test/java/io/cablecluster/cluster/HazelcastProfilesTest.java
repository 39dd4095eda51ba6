package io.cablecluster.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.Config;
import com.hazelcast.config.EndpointConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.logging.Logger;
import io.cablecluster.core.config.Settings;
import io.vertx.core.eventbus.EventBusOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HazelcastProfilesTest {

  private static ClusterConfig config(Map<String, String> flags) {
    return ClusterConfig.from(Settings.of(flags));
  }

  private static ServerSocketEndpointConfig member(Config hz) {
    return (ServerSocketEndpointConfig) hz.getAdvancedNetworkConfig().getEndpointConfigs().get(EndpointQualifier.MEMBER);
  }

  private static JoinConfig join(Config hz) {
    return hz.getAdvancedNetworkConfig().getJoin();
  }

  @Test
  void localProfileJoinsOverTcpOnLoopbackAcrossThePortRange() {
    Config hz = HazelcastProfiles.hazelcastConfig(config(Map.of("cluster", "local", "cluster_port", "15701")));
    JoinConfig join = join(hz);
    assertTrue(join.getTcpIpConfig().isEnabled());
    assertEquals(List.of("127.0.0.1"), join.getTcpIpConfig().getMembers());
    assertEquals(15701, member(hz).getPort());
    assertEquals(20, member(hz).getPortCount());
    assertEquals(List.of("127.0.0.1"), List.copyOf(member(hz).getInterfaces().getInterfaces()));
    assertFalse(join.getMulticastConfig().isEnabled());
  }

  @Test
  void everyProfileListensForMembersOnlyNeverForClients() {
    for (Map<String, String> flags : List.of(Map.of("cluster", "local"), Map.of("cluster", "docker"),
        Map.of("cluster", "kubernetes", "cluster_service_dns", "hz.svc"))) {
      Config hz = HazelcastProfiles.hazelcastConfig(config(flags));
      assertTrue(hz.getAdvancedNetworkConfig().isEnabled(), flags.toString());
      Map<EndpointQualifier, EndpointConfig> endpoints = hz.getAdvancedNetworkConfig().getEndpointConfigs();
      assertEquals(Set.of(EndpointQualifier.MEMBER), endpoints.keySet(), flags.toString());
    }
  }

  @Test
  void theClusterInterfaceAndPublicAddressApplyToTheMemberEndpoint() {
    Config hz = HazelcastProfiles.hazelcastConfig(config(Map.of("cluster", "docker", "cluster_interface", "10.201.57.*",
        "cluster_public_address", "203.0.113.7:5701")));
    assertTrue(member(hz).getInterfaces().isEnabled());
    assertEquals(List.of("10.201.57.*"), List.copyOf(member(hz).getInterfaces().getInterfaces()));
    assertEquals("false", hz.getProperty("hazelcast.socket.bind.any"));
    assertEquals("203.0.113.7:5701", member(hz).getPublicAddress());
    // What Vert.x's HazelcastClusterManager reads for the event bus's public host.
    assertEquals("203.0.113.7:5701", hz.getNetworkConfig().getPublicAddress());
  }

  @Test
  void everyProfileIsLean() {
    for (Map<String, String> flags : List.of(Map.of("cluster", "local"), Map.of("cluster", "docker"),
        Map.of("cluster", "kubernetes", "cluster_service_dns", "hz.svc"))) {
      Config hz = HazelcastProfiles.hazelcastConfig(config(flags));
      assertEquals("false", hz.getProperty("hazelcast.phone.home.enabled"), flags.toString());
      assertEquals("false", hz.getProperty("hazelcast.shutdownhook.enabled"), flags.toString());
      assertEquals("1", hz.getProperty("hazelcast.io.thread.count"), flags.toString());
      assertFalse(join(hz).getMulticastConfig().isEnabled(), flags.toString());
      assertFalse(join(hz).getAutoDetectionConfig().isEnabled(), flags.toString());
    }
  }

  @Test
  void dockerProfileDiscoversMembersThroughDns() {
    Config hz = HazelcastProfiles.hazelcastConfig(config(Map.of("cluster", "docker", "cluster_members", "gateway,broadcaster")));
    JoinConfig join = join(hz);
    assertFalse(join.getTcpIpConfig().isEnabled());
    assertEquals("true", hz.getProperty("hazelcast.discovery.enabled"));
    assertEquals(1, join.getDiscoveryConfig().getDiscoveryStrategyConfigs().size());
    assertEquals("gateway,broadcaster", join.getDiscoveryConfig().getDiscoveryStrategyConfigs().iterator().next()
        .getProperties().get("members"));
  }

  @Test
  void dnsDiscoveryFindsEveryAddressOfANameAndSkipsNamesWithNoRecordYet() throws Exception {
    Set<Address> found = DnsMemberDiscovery.resolve(List.of("localhost:15799", "no-such-host.invalid"), 5701,
        Logger.getLogger(HazelcastProfilesTest.class));
    assertTrue(found.contains(new Address("127.0.0.1", 15799)), found.toString());
    assertTrue(found.stream().allMatch(a -> a.getPort() == 15799), found.toString());
  }

  @Test
  void kubernetesProfileUsesHazelcastsDnsLookupOfTheHeadlessService() {
    Config hz = HazelcastProfiles.hazelcastConfig(config(Map.of("cluster", "kubernetes",
        "cluster_service_dns", "cable-cluster-hz.default.svc.cluster.local")));
    JoinConfig join = join(hz);
    assertTrue(join.getKubernetesConfig().isEnabled());
    assertEquals("cable-cluster-hz.default.svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
    assertEquals("5701", join.getKubernetesConfig().getProperty("service-port"));
    assertFalse(join.getTcpIpConfig().isEnabled());
  }

  @Test
  void eventBusHostAndPublicHostAreConfigurable() {
    EventBusOptions options = new EventBusOptions();
    HazelcastProfiles.applyEventBus(config(Map.of("cluster", "docker", "eventbus_host", "0.0.0.0",
        "eventbus_port", "17001", "eventbus_public_host", "node-a.example", "eventbus_public_port", "27001")), options);
    assertEquals("0.0.0.0", options.getHost());
    assertEquals(17001, options.getPort());
    assertEquals("node-a.example", options.getClusterPublicHost());
    assertEquals(27001, options.getClusterPublicPort());

    EventBusOptions local = new EventBusOptions();
    HazelcastProfiles.applyEventBus(config(Map.of("cluster", "local")), local);
    assertEquals("127.0.0.1", local.getHost());
  }
}
