package io.cablecluster.cluster;

import io.cablecluster.core.config.Settings;
import java.util.List;

/** How (and whether) this node joins a cluster. {@code none} starts no Hazelcast at all. */
public record ClusterConfig(String profile, String clusterName, int hazelcastPort, List<String> members,
                            String eventBusHost, int eventBusPort, String eventBusPublicHost) {

  public static final List<String> PROFILES = List.of("none", "local", "docker", "kubernetes");

  public static ClusterConfig from(Settings s) {
    return new ClusterConfig(
        s.choice("cluster", "none", PROFILES),
        s.string("cluster_name", "cable-cluster"),
        s.integer("cluster_port", 5701, 0, 65535),
        s.list("cluster_members", List.of()),
        s.string("eventbus_host", ""),
        s.integer("eventbus_port", 0, 0, 65535),
        s.string("eventbus_public_host", ""));
  }

  public boolean clustered() {
    return !"none".equals(profile);
  }
}
