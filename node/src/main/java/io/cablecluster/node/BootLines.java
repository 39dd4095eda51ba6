package io.cablecluster.node;

import io.cablecluster.broadcaster.BroadcastHttpConfig;
import io.cablecluster.broadcaster.events.EventsConfig;
import io.cablecluster.broadcaster.redis.RedisConfig;
import io.cablecluster.cluster.ClusterConfig;
import io.cablecluster.core.NodeConfig;
import io.cablecluster.core.NodeRuntime;
import io.cablecluster.core.SharedOptions;
import io.cablecluster.core.config.FileLayer;
import io.cablecluster.core.config.Settings;
import io.cablecluster.gateway.config.GatewayConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * The start-up lines, after AnyCable-Go's ({@code cli/cli.go}): before start, what runs ("Starting cable-cluster
 * &lt;version&gt; (pid, open file limit, cpus, max heap)", roles, cluster profile) and which config file is used
 * (with the keys it ignores); once the ports are bound, one line per endpoint served.
 */
final class BootLines {
  private static final Logger LOG = Logger.getLogger(CableNode.class.getName());
  /** The ignored keys named in the warning; a file may have thousands, the line stays short. */
  private static final int MAX_NAMED_KEYS = 20;

  private BootLines() {
  }

  /** Logged before the node starts, so they are there even when the start fails. */
  static void beforeStart(Settings settings) {
    NodeConfig node = NodeConfig.from(settings);
    LOG.info(starting(String.join(",", node.roles()), ClusterConfig.CLUSTER.read(settings)));
    FileLayer file = settings.file();
    LOG.info(file.present() ? "Using configuration from file: " + file.path()
        : "Using no configuration file (flags, environment and defaults)");
    List<String> ignored = file.ignored();
    if (!ignored.isEmpty()) {
      List<String> named = ignored.subList(0, Math.min(MAX_NAMED_KEYS, ignored.size()));
      LOG.warning("Config file " + file.path() + ": " + ignored.size() + " key(s) set nothing on this node "
          + "(AnyCable-Go options it does not implement, or misspelt) and are ignored: " + String.join(", ", named)
          + (ignored.size() > named.size() ? ", …" : ""));
    }
  }

  static String starting(String roles, String cluster) {
    Runtime runtime = Runtime.getRuntime();
    return "Starting cable-cluster " + version() + " (pid: " + ProcessHandle.current().pid() + ", open file limit: "
        + openFileLimit() + ", cpus: " + runtime.availableProcessors() + ", max heap: "
        + mebibytes(runtime.maxMemory()) + ", roles: " + roles + ", cluster profile: " + cluster + ")";
  }

  /** One line per endpoint, with the ports actually bound. */
  static void afterStart(NodeRuntime running, Settings settings) {
    try {
      for (String line : endpoints(running, settings)) {
        LOG.info(line);
      }
    } catch (RuntimeException e) {
      // The node runs; a line it cannot compose must not keep main from installing the shutdown hook.
      LOG.warning("cannot list the endpoints served: " + e);
    }
  }

  static List<String> endpoints(NodeRuntime running, Settings settings) {
    NodeConfig node = running.context().node();
    SharedOptions shared = running.context().shared();
    String base = "http://" + node.host() + ":";
    int main = running.mainPort();
    List<String> lines = new ArrayList<>();
    if (node.runs("gateway")) {
      for (String path : GatewayConfig.PATH.read(settings)) {
        lines.add("Handle WebSocket connections at " + base + main + path);
      }
    }
    lines.add("Handle health requests at " + base + main + node.healthPath());
    if (node.runs("broadcaster") && RedisConfig.BROADCAST_ADAPTER.read(settings).contains("http")) {
      BroadcastHttpConfig broadcast = BroadcastHttpConfig.from(shared, settings, node.port());
      lines.add("Handle broadcasts at " + base + running.boundPort(broadcast.port()) + broadcast.path()
          + (broadcast.key() == null ? " (no key)" : " (keyed)"));
    }
    if (node.runs("broadcaster")) {
      EventsConfig events = EventsConfig.from(shared, settings);
      lines.add(events.enabled()
          ? "Handle events at " + base + main + events.eventsPath() + "/<name> and " + base + main + events.wsPath()
          : "Event service off (" + (events.offReason() == null ? "events_service=false" : events.offReason()) + ")");
    }
    if (!node.metricsPath().isEmpty()) {
      lines.add("Handle metrics at " + base + running.boundPort(node.metricsPort()) + node.metricsPath());
    }
    return lines;
  }

  /** The jar's Implementation-Version; classes run from a build directory have none. */
  static String version() {
    String version = CableNode.class.getPackage().getImplementationVersion();
    return version == null ? "(unpackaged build)" : version;
  }

  /** The soft limit on open files (what the node can actually open), from the OS MXBean on Unix. */
  static String openFileLimit() {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
      return String.valueOf(unix.getMaxFileDescriptorCount());
    }
    return "unknown";
  }

  private static String mebibytes(long bytes) {
    return bytes == Long.MAX_VALUE ? "unlimited" : String.format(Locale.ROOT, "%d MiB", bytes / (1024 * 1024));
  }
}
