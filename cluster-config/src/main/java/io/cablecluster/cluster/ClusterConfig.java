package io.cablecluster.cluster;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;
import java.util.List;

/**
 * How (and whether) this node joins a cluster. {@code none} starts no Hazelcast at all; {@code local} finds
 * members on 127.0.0.1; {@code docker} resolves compose service names (every replica's address) on each
 * join attempt; {@code kubernetes} uses Hazelcast's Kubernetes discovery through a headless service's DNS.
 */
public record ClusterConfig(String profile, String clusterName, int hazelcastPort, int portCount,
                            List<String> members, String serviceDns, int servicePort, String clusterInterface,
                            String publicAddress, String eventBusHost, int eventBusPort,
                            String eventBusPublicHost, int eventBusPublicPort) {

  public static final List<String> PROFILES = List.of("none", "local", "docker", "kubernetes");
  public static final int DEFAULT_HAZELCAST_PORT = 5701;
  /** The compose file's service names: every role joins the same cluster. */
  public static final List<String> DEFAULT_DOCKER_MEMBERS = List.of("gateway", "broadcaster", "rpc-bridge");

  public static ClusterConfig from(Settings s) {
    String profile = s.choice("cluster", "none", PROFILES);
    List<String> members = s.list("cluster_members",
        "docker".equals(profile) ? DEFAULT_DOCKER_MEMBERS : List.of());
    String serviceDns = s.string("cluster_service_dns", "");
    if ("kubernetes".equals(profile) && serviceDns.isEmpty()) {
      throw ConfigException.invalid("cluster_service_dns", "",
          "the headless service's DNS name (e.g. cable-cluster-hz.default.svc.cluster.local) with --cluster=kubernetes");
    }
    if ("docker".equals(profile) && members.isEmpty()) {
      throw ConfigException.invalid("cluster_members", "", "a comma list of host[:port] with --cluster=docker");
    }
    return new ClusterConfig(
        profile,
        s.string("cluster_name", "cable-cluster"),
        s.integer("cluster_port", DEFAULT_HAZELCAST_PORT, 1, 65535),
        s.integer("cluster_port_count", 20, 1, 1000),
        members,
        serviceDns,
        s.integer("cluster_service_port", 0, 0, 65535),
        s.string("cluster_interface", ""),
        s.string("cluster_public_address", ""),
        s.string("eventbus_host", ""),
        s.integer("eventbus_port", 0, 0, 65535),
        s.string("eventbus_public_host", ""),
        s.integer("eventbus_public_port", -1, -1, 65535));
  }

  /** The Hazelcast port behind the headless service (each pod's own port unless set). */
  public int hazelcastServicePort() {
    return servicePort > 0 ? servicePort : hazelcastPort;
  }

  public boolean clustered() {
    return !"none".equals(profile);
  }
}
