package io.cablecluster.cluster;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Option;
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
                            String eventBusPublicHost, int eventBusPublicPort, ClusterTlsConfig tls) {

  public static final List<String> PROFILES = List.of("none", "local", "docker", "kubernetes");
  public static final int DEFAULT_HAZELCAST_PORT = 5701;
  /** The compose file's service names: every role joins the same cluster. */
  public static final List<String> DEFAULT_DOCKER_MEMBERS = List.of("gateway", "broadcaster", "rpc-bridge");

  public static final Option<String> CLUSTER = Option.choice("cluster", "none", PROFILES,
      "none, local, docker or kubernetes: how nodes find each other");
  public static final Option<String> CLUSTER_NAME = Option.string("cluster_name", "cable-cluster",
      "Hazelcast cluster name; nodes only join nodes with the same name");
  public static final Option<Integer> CLUSTER_PORT = Option.integer("cluster_port", DEFAULT_HAZELCAST_PORT, 1,
      65535, "Hazelcast port; auto-increments across the count");
  public static final Option<Integer> CLUSTER_PORT_COUNT = Option.integer("cluster_port_count", 20, 1, 1000,
      "how many ports from cluster_port Hazelcast may try");
  public static final Option<List<String>> CLUSTER_MEMBERS = Option.list("cluster_members", List.of(),
      "host[:port] list (local, docker)").defaultShownAs("gateway,broadcaster,rpc-bridge with docker");
  public static final Option<String> CLUSTER_SERVICE_DNS = Option.string("cluster_service_dns", "",
      "headless service DNS name (kubernetes)");
  public static final Option<Integer> CLUSTER_SERVICE_PORT = Option.integer("cluster_service_port", 0, 0, 65535,
      "Hazelcast port behind the headless service").defaultShownAs("cluster_port");
  public static final Option<String> CLUSTER_INTERFACE = Option.string("cluster_interface", "",
      "interface Hazelcast binds to and advertises");
  public static final Option<String> CLUSTER_PUBLIC_ADDRESS = Option.string("cluster_public_address", "",
      "Hazelcast address behind NAT");
  public static final Option<String> EVENTBUS_HOST = Option.string("eventbus_host", "",
      "where the event bus listens").defaultShownAs("Hazelcast's host");
  public static final Option<Integer> EVENTBUS_PORT = Option.integer("eventbus_port", 0, 0, 65535,
      "where the event bus listens; 0 = random");
  public static final Option<String> EVENTBUS_PUBLIC_HOST = Option.string("eventbus_public_host", "",
      "what other nodes dial (NAT, port mapping)");
  public static final Option<Integer> EVENTBUS_PUBLIC_PORT = Option.integer("eventbus_public_port", -1, -1, 65535,
      "what other nodes dial; -1 = the port it listens on");

  public static ClusterConfig from(Settings s) {
    String profile = CLUSTER.read(s);
    List<String> members = CLUSTER_MEMBERS.read(s, "docker".equals(profile) ? DEFAULT_DOCKER_MEMBERS : List.of());
    String serviceDns = CLUSTER_SERVICE_DNS.read(s);
    if ("kubernetes".equals(profile) && serviceDns.isEmpty()) {
      throw ConfigException.invalid(CLUSTER_SERVICE_DNS.name(), "",
          "the headless service's DNS name (e.g. cable-cluster-hz.default.svc.cluster.local) with --cluster=kubernetes");
    }
    if ("docker".equals(profile) && members.isEmpty()) {
      throw ConfigException.invalid(CLUSTER_MEMBERS.name(), "", "a comma list of host[:port] with --cluster=docker");
    }
    return new ClusterConfig(
        profile,
        CLUSTER_NAME.read(s),
        CLUSTER_PORT.read(s),
        CLUSTER_PORT_COUNT.read(s),
        members,
        serviceDns,
        CLUSTER_SERVICE_PORT.read(s),
        CLUSTER_INTERFACE.read(s),
        CLUSTER_PUBLIC_ADDRESS.read(s),
        EVENTBUS_HOST.read(s),
        EVENTBUS_PORT.read(s),
        EVENTBUS_PUBLIC_HOST.read(s),
        EVENTBUS_PUBLIC_PORT.read(s),
        ClusterTlsConfig.from(s));
  }

  /** The Hazelcast port behind the headless service (each pod's own port unless set). */
  public int hazelcastServicePort() {
    return servicePort > 0 ? servicePort : hazelcastPort;
  }

  public boolean clustered() {
    return !"none".equals(profile);
  }
}
