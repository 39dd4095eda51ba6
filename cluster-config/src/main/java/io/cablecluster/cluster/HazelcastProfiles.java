package io.cablecluster.cluster;

import com.hazelcast.config.AdvancedNetworkConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.DiscoveryStrategyConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.ServerSocketEndpointConfig;
import io.cablecluster.cluster.streams.HazelcastPresenceStore;
import io.cablecluster.cluster.streams.HazelcastSessionVault;
import io.cablecluster.cluster.streams.HazelcastStreamLog;
import io.cablecluster.core.sessions.SessionsConfig;
import io.cablecluster.core.streams.StreamLogConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.Map;

/** Hazelcast member configuration per profile. Only loaded when a profile other than none is chosen. */
final class HazelcastProfiles {
  private static final String LOOPBACK = "127.0.0.1";

  /**
   * Hazelcast only carries membership and the event-bus address map here (messages travel on Vert.x's own
   * TCP connections), so small thread pools are enough. The shutdown hook is off because the node leaves
   * the cluster itself, after draining its clients; a dead member is noticed within seconds, not a minute.
   */
  private static final Map<String, String> LEAN = Map.ofEntries(
      Map.entry("hazelcast.phone.home.enabled", "false"),
      Map.entry("hazelcast.shutdownhook.enabled", "false"),
      Map.entry("hazelcast.logging.type", "jdk"),
      Map.entry("hazelcast.health.monitoring.level", "OFF"),
      Map.entry("hazelcast.io.thread.count", "1"),
      Map.entry("hazelcast.event.thread.count", "1"),
      Map.entry("hazelcast.operation.thread.count", "2"),
      Map.entry("hazelcast.operation.generic.thread.count", "2"),
      Map.entry("hazelcast.heartbeat.interval.seconds", "2"),
      Map.entry("hazelcast.max.no.heartbeat.seconds", "30"),
      Map.entry("hazelcast.merge.first.run.delay.seconds", "30"),
      Map.entry("hazelcast.merge.next.run.delay.seconds", "30"),
      // A leaving member hands its partitions (stream homes, sessions) over before it goes; bounded so a
      // drain never outlives the node's shutdown timeout by much.
      Map.entry("hazelcast.graceful.shutdown.max.wait", "20"));

  private HazelcastProfiles() {
  }

  static Future<Vertx> clusteredVertx(ClusterConfig config, VertxOptions options, StreamLogConfig streams,
                                      SessionsConfig sessions) {
    applyEventBus(config, options.getEventBusOptions());
    Config hazelcast = hazelcastConfig(config);
    HazelcastStreamLog.configure(hazelcast, streams);
    HazelcastSessionVault.configure(hazelcast, sessions);
    HazelcastPresenceStore.configure(hazelcast);
    return Vertx.builder().with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }

  /**
   * Hazelcast open source authenticates nobody (member authentication and TLS are enterprise features), so
   * the member port must only be reachable by cable nodes (docs/SECURITY.md). What can be
   * closed is closed: the advanced network configuration gives the member protocol a server socket of its
   * own and no other endpoint, so Hazelcast clients (and REST/memcache text protocols) are refused on it;
   * with the default unified network the same port would also accept clients.
   */
  static Config hazelcastConfig(ClusterConfig config) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(config.clusterName());
    LEAN.forEach(hazelcast::setProperty);
    AdvancedNetworkConfig network = hazelcast.getAdvancedNetworkConfig().setEnabled(true);
    ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
    member.setPort(config.hazelcastPort()).setPortAutoIncrement(true).setPortCount(config.portCount());
    network.setMemberEndpointConfig(member);
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(false);
    String bindInterface = "local".equals(config.profile()) && config.clusterInterface().isEmpty()
        ? LOOPBACK : config.clusterInterface();
    if (!bindInterface.isEmpty()) {
      member.getInterfaces().setEnabled(true).addInterface(bindInterface);
      // Without this Hazelcast listens on every interface and only advertises the chosen one.
      hazelcast.setProperty("hazelcast.socket.bind.any", "false");
    }
    if (!config.publicAddress().isEmpty()) {
      member.setPublicAddress(config.publicAddress());
      // Hazelcast ignores the unified network section once the advanced one is on, but Vert.x's cluster
      // manager reads the public address from it to choose the event bus's host and public host.
      hazelcast.getNetworkConfig().setPublicAddress(config.publicAddress());
    }
    switch (config.profile()) {
      case "local":
        hazelcast.setProperty("hazelcast.wait.seconds.before.join", "1");
        join.getTcpIpConfig().setEnabled(true);
        // A member without a port is tried on every port of the range, so nodes started with defaults on
        // one machine find each other.
        (config.members().isEmpty() ? List.of(LOOPBACK) : config.members())
            .forEach(join.getTcpIpConfig()::addMember);
        break;
      case "docker":
        hazelcast.setProperty("hazelcast.discovery.enabled", "true");
        join.getDiscoveryConfig().addDiscoveryStrategyConfig(new DiscoveryStrategyConfig(
            new DnsMemberDiscovery.Factory(), DnsMemberDiscovery.properties(config.members(), config.hazelcastPort())));
        break;
      case "kubernetes":
        join.getKubernetesConfig().setEnabled(true)
            .setProperty("service-dns", config.serviceDns())
            .setProperty("service-port", Integer.toString(config.hazelcastServicePort()));
        break;
      default:
        throw new IllegalArgumentException("not a clustered profile: " + config.profile());
    }
    return hazelcast;
  }

  /**
   * The event bus listens where Hazelcast does unless told otherwise (Vert.x asks the cluster manager for
   * its host); containers behind NAT set the public host/port other nodes should dial.
   */
  static void applyEventBus(ClusterConfig config, EventBusOptions eventBus) {
    if (!config.eventBusHost().isEmpty()) {
      eventBus.setHost(config.eventBusHost());
    } else if ("local".equals(config.profile())) {
      eventBus.setHost(config.clusterInterface().isEmpty() ? LOOPBACK : config.clusterInterface());
    }
    if (config.eventBusPort() > 0) {
      eventBus.setPort(config.eventBusPort());
    }
    if (!config.eventBusPublicHost().isEmpty()) {
      eventBus.setClusterPublicHost(config.eventBusPublicHost());
    }
    if (config.eventBusPublicPort() >= 0) {
      eventBus.setClusterPublicPort(config.eventBusPublicPort());
    }
    config.tls().apply(eventBus);
  }
}
