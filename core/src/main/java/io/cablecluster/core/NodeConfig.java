package io.cablecluster.core;

import io.cablecluster.core.config.ConfigException;
import io.cablecluster.core.config.Settings;
import java.util.List;

/** Node-wide options: where the node listens and which roles it runs. */
public record NodeConfig(String host, int port, String healthPath, String metricsPath, int metricsPort,
                         List<String> roles, int httpInstances, int shutdownTimeoutSeconds,
                         int shutdownDelaySeconds) {

  public static final List<String> ALL_ROLES = List.of("gateway", "broadcaster", "rpc-bridge");

  public static NodeConfig from(Settings s) {
    int port = s.integer("port", 8080, 0, 65535, "PORT");
    List<String> roles = s.list("roles", ALL_ROLES);
    for (String role : roles) {
      if (!ALL_ROLES.contains(role)) {
        throw ConfigException.invalid("roles", String.join(",", roles), "a comma list of " + String.join(", ", ALL_ROLES));
      }
    }
    String metrics = s.string("metrics_http", "");
    if (!metrics.isEmpty() && !metrics.startsWith("/")) {
      throw ConfigException.invalid("metrics_http", metrics, "a path starting with / (e.g. /metrics)");
    }
    String health = s.string("health_path", "/health");
    if (!health.startsWith("/")) {
      throw ConfigException.invalid("health_path", health, "a path starting with /");
    }
    return new NodeConfig(
        s.string("host", "localhost"),
        port,
        health,
        metrics,
        s.integer("metrics_port", port, 0, 65535),
        roles,
        s.integer("http_instances", Runtime.getRuntime().availableProcessors(), 1, 256),
        s.integer("shutdown_timeout", 30, 0, 3600),
        s.integer("shutdown_delay", 0, 0, 3600));
  }

  public boolean runs(String role) {
    return roles.contains(role);
  }
}
