package io.cablecluster.cluster;

import com.hazelcast.cluster.Address;
import com.hazelcast.config.properties.PropertyDefinition;
import com.hazelcast.config.properties.PropertyTypeConverter;
import com.hazelcast.config.properties.SimplePropertyDefinition;
import com.hazelcast.logging.ILogger;
import com.hazelcast.spi.discovery.AbstractDiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryNode;
import com.hazelcast.spi.discovery.DiscoveryStrategy;
import com.hazelcast.spi.discovery.DiscoveryStrategyFactory;
import com.hazelcast.spi.discovery.SimpleDiscoveryNode;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Members are every address a list of DNS names resolves to, looked up again on each discovery round.
 * A compose service scaled to N replicas answers with N addresses, and replicas that start later are found
 * by the next round (Hazelcast's TCP-IP joiner takes one address per name).
 */
final class DnsMemberDiscovery extends AbstractDiscoveryStrategy {
  private static final PropertyDefinition MEMBERS =
      new SimplePropertyDefinition("members", PropertyTypeConverter.STRING);
  private static final PropertyDefinition PORT =
      new SimplePropertyDefinition("port", PropertyTypeConverter.INTEGER);

  DnsMemberDiscovery(ILogger logger, Map<String, Comparable> properties) {
    super(logger, properties);
  }

  static Map<String, Comparable> properties(List<String> members, int defaultPort) {
    return Map.of("members", String.join(",", members), "port", Integer.toString(defaultPort));
  }

  @Override
  public Iterable<DiscoveryNode> discoverNodes() {
    String members = getOrDefault(MEMBERS, "");
    int port = getOrDefault(PORT, ClusterConfig.DEFAULT_HAZELCAST_PORT);
    List<DiscoveryNode> nodes = new ArrayList<>();
    for (Address address : resolve(List.of(members.split(",")), port, getLogger())) {
      nodes.add(new SimpleDiscoveryNode(address));
    }
    return nodes;
  }

  static Set<Address> resolve(List<String> members, int defaultPort, ILogger logger) {
    Set<Address> addresses = new LinkedHashSet<>();
    for (String member : members) {
      String trimmed = member.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.lastIndexOf(':');
      String host = colon > 0 ? trimmed.substring(0, colon) : trimmed;
      int port = colon > 0 ? Integer.parseInt(trimmed.substring(colon + 1)) : defaultPort;
      try {
        for (InetAddress ip : InetAddress.getAllByName(host)) {
          addresses.add(new Address(ip, port));
        }
      } catch (UnknownHostException e) {
        // A service with no running replica yet has no DNS record: not an error, just nobody to join.
        logger.fine("no address for cluster member " + host + " yet");
      }
    }
    return addresses;
  }

  /** Registered programmatically (not through META-INF/services) so only the docker profile loads it. */
  static final class Factory implements DiscoveryStrategyFactory {
    @Override
    public Class<? extends DiscoveryStrategy> getDiscoveryStrategyType() {
      return DnsMemberDiscovery.class;
    }

    @Override
    public DiscoveryStrategy newDiscoveryStrategy(DiscoveryNode node, ILogger logger, Map<String, Comparable> props) {
      return new DnsMemberDiscovery(logger, props);
    }

    @Override
    public Collection<PropertyDefinition> getConfigurationProperties() {
      return List.of(MEMBERS, PORT);
    }
  }
}
