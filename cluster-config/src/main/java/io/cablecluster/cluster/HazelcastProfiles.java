package io.cablecluster.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** Hazelcast member configuration per profile. Only loaded when a profile other than none is chosen. */
final class HazelcastProfiles {
  private HazelcastProfiles() {
  }

  static Future<Vertx> clusteredVertx(ClusterConfig config, VertxOptions options) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName(config.clusterName());
    hazelcast.setProperty("hazelcast.logging.type", "jdk");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if ("local".equals(config.profile())) {
      hazelcast.getNetworkConfig().setPort(config.hazelcastPort()).setPortAutoIncrement(true).setPortCount(20);
      hazelcast.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
      join.getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + config.hazelcastPort() + "-"
          + (config.hazelcastPort() + 19));
    } else {
      join.getTcpIpConfig().setEnabled(true);
      config.members().forEach(m -> join.getTcpIpConfig().addMember(m));
    }
    EventBusOptions eventBus = options.getEventBusOptions();
    if ("local".equals(config.profile())) {
      eventBus.setHost("127.0.0.1");
    }
    if (!config.eventBusHost().isEmpty()) {
      eventBus.setHost(config.eventBusHost());
    }
    if (config.eventBusPort() > 0) {
      eventBus.setPort(config.eventBusPort());
    }
    if (!config.eventBusPublicHost().isEmpty()) {
      eventBus.setClusterPublicHost(config.eventBusPublicHost());
    }
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }
}
